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

    var files = new Dictionary<string, FileStream>(StringComparer.Ordinal);
    await using var stdout = Console.OpenStandardOutput();
    var reader = new SingerLineReader(Console.OpenStandardInput());
    byte[]? pendingState = null;
    try
    {
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new PluginException($"line {reader.LineNumber} is not valid JSON: {e.Message}");
            }
            using (doc)
            {
                var root = doc.RootElement;
                var type = root.TryGetProperty("type"u8, out var t) ? t.GetString() : null;
                switch (type)
                {
                    case "SCHEMA":
                    {
                        var stream = StreamName(root, reader.LineNumber);
                        if (!files.ContainsKey(stream))
                        {
                            var path = Path.Combine(destination, SafeFileName(stream) + ".jsonl");
                            files[stream] = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
                        }
                        break;
                    }
                    case "RECORD":
                    {
                        var stream = StreamName(root, reader.LineNumber);
                        if (!files.TryGetValue(stream, out var file))
                        {
                            throw new PluginException($"line {reader.LineNumber}: RECORD for stream '{stream}' before its SCHEMA");
                        }
                        if (!root.TryGetProperty("record"u8, out var record))
                        {
                            throw new PluginException($"line {reader.LineNumber}: RECORD without 'record'");
                        }
                        file.Write(JsonMarshal.GetRawUtf8Value(record));
                        file.WriteByte((byte)'\n');
                        break;
                    }
                    case "STATE":
                        pendingState = root.TryGetProperty("value"u8, out var value)
                            ? JsonMarshal.GetRawUtf8Value(value).ToArray()
                            : null;
                        if (pendingState is not null)
                        {
                            FlushFiles(files);
                            stdout.Write(pendingState);
                            stdout.WriteByte((byte)'\n');
                            stdout.Flush();
                        }
                        break;
                    case "ACTIVATE_VERSION" or "BATCH":
                        break;
                    default:
                        throw new PluginException($"line {reader.LineNumber}: unknown message type '{type}'");
                }
            }
        }
        FlushFiles(files);
    }
    finally
    {
        foreach (var f in files.Values) f.Dispose();
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

static void FlushFiles(Dictionary<string, FileStream> files)
{
    foreach (var f in files.Values) f.Flush(flushToDisk: true);
}

static string StreamName(JsonElement root, long line) =>
    root.TryGetProperty("stream"u8, out var s) && s.ValueKind == JsonValueKind.String
        ? s.GetString()!
        : throw new PluginException($"line {line}: message without 'stream'");

static string SafeFileName(string stream)
{
    var sb = new StringBuilder(stream.Length);
    foreach (var c in stream) sb.Append(c is '/' or '\\' or '\0' || (c == '.' && sb.Length == 0) ? '_' : c);
    return sb.ToString();
}
