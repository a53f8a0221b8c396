using System.Text.Json.Nodes;

namespace Tapline.Plugins.TapCsv;

/// <summary>A stream as it will be synced: its columns, their JSON types and what the catalog selects.</summary>
internal sealed class CsvStream
{
    public required CsvFileDefinition Definition { get; init; }
    public required List<string> Files { get; init; }
    public required string[] Header { get; init; }
    public required JsonObject Schema { get; init; }
    public bool Selected { get; set; } = true;

    /// <summary>Per header column: whether it is emitted and how its text is converted.</summary>
    public required ColumnKind[] Kinds { get; init; }

    public static CsvStream Discover(CsvFileDefinition def)
    {
        var files = TapCsvConfig.ResolveFiles(def);
        if (files.Count == 0) throw new PluginException($"stream '{def.Entity}': no file matches '{def.Path}'");
        using var reader = new StreamReader(files[0]);
        var csv = new CsvReader(reader, def.Delimiter);
        var header = csv.ReadRow()
            ? csv.FieldsAsStrings()
            : throw new PluginException($"stream '{def.Entity}': file '{files[0]}' is empty (a header row is required)");
        foreach (var key in def.Keys.Append(def.ReplicationKey).OfType<string>())
        {
            if (!header.Contains(key)) throw new PluginException($"stream '{def.Entity}': column '{key}' (keys/replication_key) is not in the header of '{files[0]}'");
        }
        var properties = new JsonObject();
        foreach (var column in header)
        {
            properties[column] = new JsonObject { ["type"] = def.Keys.Contains(column) ? new JsonArray("string") : new JsonArray("string", "null") };
        }
        return new CsvStream
        {
            Definition = def,
            Files = files,
            Header = header,
            Schema = new JsonObject { ["type"] = "object", ["properties"] = properties },
            Kinds = header.Select(_ => ColumnKind.String).ToArray(),
        };
    }

    public JsonObject CatalogEntry()
    {
        // (JsonNode) casts: JsonArray's generic Add<T> is not Native AOT-safe.
        var metadata = new JsonArray
        {
            (JsonNode)new JsonObject
            {
                ["breadcrumb"] = new JsonArray(),
                ["metadata"] = new JsonObject
                {
                    ["inclusion"] = "available",
                    ["selected-by-default"] = true,
                    ["table-key-properties"] = new JsonArray(Definition.Keys.Select(k => (JsonNode?)k).ToArray()),
                    ["valid-replication-keys"] = Definition.ReplicationKey is null ? new JsonArray() : new JsonArray(Definition.ReplicationKey),
                    ["forced-replication-method"] = Definition.ReplicationKey is null ? "FULL_TABLE" : "INCREMENTAL",
                },
            },
        };
        foreach (var column in Header)
        {
            var automatic = Definition.Keys.Contains(column) || column == Definition.ReplicationKey;
            metadata.Add((JsonNode)new JsonObject
            {
                ["breadcrumb"] = new JsonArray("properties", column),
                ["metadata"] = new JsonObject { ["inclusion"] = automatic ? "automatic" : "available", ["selected-by-default"] = true },
            });
        }
        return new JsonObject
        {
            ["tap_stream_id"] = Definition.Entity,
            ["stream"] = Definition.Entity,
            ["schema"] = Schema.DeepClone(),
            ["key_properties"] = new JsonArray(Definition.Keys.Select(k => (JsonNode?)k).ToArray()),
            ["replication_key"] = Definition.ReplicationKey,
            ["metadata"] = metadata,
        };
    }

    /// <summary>Applies a catalog entry: the stream's selection, the selected columns and their types.</summary>
    public void ApplyCatalog(JsonObject entry)
    {
        var metadata = entry["metadata"] as JsonArray ?? [];
        JsonObject? streamMeta = null;
        var propertyMeta = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var m in metadata.OfType<JsonObject>())
        {
            var crumb = (m["breadcrumb"] as JsonArray)?.Select(x => x?.ToString()).ToArray() ?? [];
            if (crumb.Length == 0) streamMeta = m["metadata"] as JsonObject;
            else if (crumb.Length == 2 && crumb[0] == "properties" && m["metadata"] is JsonObject pm) propertyMeta[crumb[1]!] = pm;
        }
        Selected = IsSelected(streamMeta, Bool(entry["selected"]) ?? false);
        var schemaProps = entry["schema"]?["properties"] as JsonObject;
        var emitted = new JsonObject();
        for (var i = 0; i < Header.Length; i++)
        {
            var column = Header[i];
            propertyMeta.TryGetValue(column, out var pm);
            var automatic = Definition.Keys.Contains(column) || column == Definition.ReplicationKey;
            if (!automatic && !IsSelected(pm, true))
            {
                Kinds[i] = ColumnKind.Skipped;
                continue;
            }
            var propSchema = schemaProps?[column] as JsonObject ?? (JsonObject)Schema["properties"]![column]!;
            Kinds[i] = KindOf(propSchema);
            emitted[column] = propSchema.DeepClone();
        }
        Schema["properties"] = emitted;
    }

    private static bool IsSelected(JsonObject? meta, bool fallback)
    {
        if (meta is null) return fallback;
        var inclusion = meta["inclusion"]?.ToString();
        if (inclusion == "automatic") return true;
        if (inclusion == "unsupported") return false;
        return Bool(meta["selected"]) ?? Bool(meta["selected-by-default"]) ?? fallback;
    }

    private static bool? Bool(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static ColumnKind KindOf(JsonObject propSchema)
    {
        var types = propSchema["type"] switch
        {
            JsonArray a => a.Select(x => x?.ToString()).ToArray(),
            JsonValue v => [v.ToString()],
            _ => [],
        };
        var nullable = types.Contains("null");
        var kind = types.Contains("integer") ? ColumnKind.Integer
            : types.Contains("number") ? ColumnKind.Number
            : types.Contains("boolean") ? ColumnKind.Boolean
            : ColumnKind.String;
        return nullable && kind != ColumnKind.String ? kind | ColumnKind.Nullable : kind;
    }
}

[Flags]
internal enum ColumnKind
{
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Nullable = 64,
    Skipped = 128,
}
