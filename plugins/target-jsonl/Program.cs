using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tapline.Plugins;

// target-jsonl: appends each stream's records to <destination_path>/<stream>.jsonl and prints
// the latest state value on stdout only after every file is flushed, so a state a runner
// persists never points past data that is not on disk.
try
{
    var parsed = SingerArgs.Parse(args);
    if (parsed.About)
    {
        Console.WriteLine("""{"name": "target-jsonl", "capabilities": [], "settings": [{"name": "destination_path", "kind": "string", "value": "output"}]}""");
        return 0;
    }
    var destination = "output";
    if (parsed.Config is not null)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(parsed.Config));
        if (config.RootElement.TryGetProperty("destination_path", out var d) && d.ValueKind == JsonValueKind.String) destination = d.GetString()!;
    }
    Directory.CreateDirectory(destination);

    var target = new JsonlTarget(destination);
    try
    {
        await SingerTargetLoop.RunAsync(target);
    }
    finally
    {
        target.Dispose();
    }
    return 0;
}
catch (PluginException e)
{
    Console.Error.WriteLine($"target-jsonl: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
{
    Console.Error.WriteLine($"target-jsonl: {e.Message}");
    return 1;
}

/// <summary>Each stream's records appended to its own file; flushed to disk before a state is echoed.</summary>
sealed class JsonlTarget(string destination) : ISingerTarget, IDisposable
{
    private readonly Dictionary<string, FileStream> _files = new(StringComparer.Ordinal);

    public ValueTask SchemaAsync(JsonElement message, long line)
    {
        var stream = StreamName(message, line);
        if (!_files.ContainsKey(stream))
        {
            var path = Path.Combine(destination, SafeFileName(stream) + ".jsonl");
            _files[stream] = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordAsync(JsonElement message, long line)
    {
        var stream = StreamName(message, line);
        if (!_files.TryGetValue(stream, out var file))
        {
            throw new PluginException($"line {line}: RECORD for stream '{stream}' before its SCHEMA");
        }
        if (!message.TryGetProperty("record"u8, out var record))
        {
            throw new PluginException($"line {line}: RECORD without 'record'");
        }
        file.Write(JsonMarshal.GetRawUtf8Value(record));
        file.WriteByte((byte)'\n');
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync()
    {
        foreach (var f in _files.Values) f.Flush(flushToDisk: true);
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var f in _files.Values) f.Dispose();
    }

    private static string StreamName(JsonElement root, long line) =>
        root.TryGetProperty("stream"u8, out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()!
            : throw new PluginException($"line {line}: message without 'stream'");

    private static string SafeFileName(string stream)
    {
        var sb = new StringBuilder(stream.Length);
        foreach (var c in stream) sb.Append(c is '/' or '\\' or '\0' || (c == '.' && sb.Length == 0) ? '_' : c);
        return sb.ToString();
    }
}
