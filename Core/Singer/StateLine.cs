using System.Text.Json;

namespace Tapline.Core.Singer;

/// <summary>
/// Reads one line a loader printed on stdout as a state value. singer-io targets print the bare
/// value; some print a whole STATE message; both are accepted. Anything else is rejected with a
/// reason so the caller can log it and keep the good state it has.
/// </summary>
public static class StateLine
{
    public static bool TryParse(ReadOnlySpan<byte> line, out JsonElement state, out string? rejection)
    {
        state = default;
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            rejection = "empty line";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            rejection = $"not valid JSON ({e.Message})";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.ValueEquals("STATE")
                && root.TryGetProperty("value", out var value))
            {
                root = value;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                rejection = $"a state must be a JSON object, not {root.ValueKind}";
                return false;
            }

            if (!root.EnumerateObject().Any())
            {
                rejection = "empty state {}";
                return false;
            }

            state = root.Clone();
            rejection = null;
            return true;
        }
    }
}
