using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tapline.Plugins;

/// <summary>What a target does with each kind of Singer message; <see cref="SingerTargetLoop"/> reads and dispatches them.</summary>
internal interface ISingerTarget
{
    ValueTask SchemaAsync(JsonElement message, long line);

    ValueTask RecordAsync(JsonElement message, long line);

    /// <summary>
    /// Makes everything received so far durable. The loop prints the state value on stdout only after
    /// this returns, so a state a runner persists never points past data the target has not stored.
    /// </summary>
    ValueTask FlushAsync();
}

/// <summary>
/// The targets' read loop: each non-empty line of stdin is one Singer message. SCHEMA and RECORD go to the
/// target; a STATE flushes the target and then echoes the state value; ACTIVATE_VERSION and BATCH are ignored;
/// anything else is an error naming the line.
/// </summary>
internal static class SingerTargetLoop
{
    public static async Task RunAsync(ISingerTarget target)
    {
        await using var stdout = Console.OpenStandardOutput();
        var reader = new SingerLineReader(Console.OpenStandardInput());
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty)
            {
                continue;
            }
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
                        await target.SchemaAsync(root, reader.LineNumber);
                        break;
                    case "RECORD":
                        await target.RecordAsync(root, reader.LineNumber);
                        break;
                    case "STATE":
                        if (root.TryGetProperty("value"u8, out var value))
                        {
                            var state = JsonMarshal.GetRawUtf8Value(value).ToArray();
                            await target.FlushAsync();
                            stdout.Write(state);
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
        await target.FlushAsync();
    }
}
