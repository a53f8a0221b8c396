using System.Text.Json;

namespace Tapline.Plugins.TargetPostgres;

/// <summary>A stream's table: columns typed from its JSON schema, and its key properties.</summary>
internal sealed record TableSchema(string Stream, IReadOnlyList<Column> Columns, IReadOnlyList<string> Keys)
{
    public static TableSchema From(JsonElement message, long line)
    {
        var stream = message.GetProperty("stream").GetString()!;
        if (!message.TryGetProperty("schema", out var schema) || !schema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            throw new PluginException($"line {line}: SCHEMA for '{stream}' has no 'schema.properties'");
        }
        var columns = props.EnumerateObject().Select(p => new Column(p.Name, SqlType(p.Value))).ToList();
        var keys = message.TryGetProperty("key_properties", out var k) && k.ValueKind == JsonValueKind.Array
            ? k.EnumerateArray().Select(x => x.GetString()!).ToList()
            : [];
        foreach (var key in keys)
        {
            if (columns.All(c => c.Name != key)) throw new PluginException($"line {line}: key property '{key}' of '{stream}' is not in its schema");
        }
        return new TableSchema(stream, columns, keys);
    }

    /// <summary>JSON schema to a PostgreSQL type, as MeltanoLabs target-postgres maps the common cases.</summary>
    public static string SqlType(JsonElement property)
    {
        var types = new List<string>();
        if (property.TryGetProperty("type", out var t))
        {
            if (t.ValueKind == JsonValueKind.String) types.Add(t.GetString()!);
            else if (t.ValueKind == JsonValueKind.Array) types.AddRange(t.EnumerateArray().Select(x => x.GetString() ?? ""));
        }
        else if (property.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            var first = anyOf.EnumerateArray().FirstOrDefault(x => !(x.TryGetProperty("type", out var tt) && tt.ValueKind == JsonValueKind.String && tt.GetString() == "null"));
            return first.ValueKind == JsonValueKind.Object ? SqlType(first) : "jsonb";
        }
        types.Remove("null");
        if (types.Count != 1) return types.Count == 0 ? "jsonb" : types.Contains("string") ? "text" : "jsonb";
        var format = property.TryGetProperty("format", out var f) ? f.GetString() : null;
        return types[0] switch
        {
            "integer" => "bigint",
            "number" => "numeric",
            "boolean" => "boolean",
            "object" or "array" => "jsonb",
            "string" => format switch
            {
                "date-time" => "timestamptz",
                "date" => "date",
                "time" => "time",
                _ => "text",
            },
            _ => "jsonb",
        };
    }
}

internal sealed record Column(string Name, string SqlType);
