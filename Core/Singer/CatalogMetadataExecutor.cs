using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// Applies metadata rules (selection, <c>metadata</c> extra) to a catalog, adding missing
/// metadata entries first (<c>inclusion: automatic</c> for streams and top-level properties,
/// <c>available</c> below), as Meltano's <c>MetadataExecutor</c>.
/// </summary>
public sealed class CatalogMetadataExecutor(IReadOnlyList<CatalogMetadataRule> rules) : CatalogVisitor
{
    private JsonObject? _stream;

    protected override void StreamNode(JsonObject node, string path)
    {
        _stream = node;
        var tapStreamId = node["tap_stream_id"]?.ToString() ?? "";
        if (node["metadata"] is not JsonArray) node["metadata"] = new JsonArray();
        EnsureMetadata([]);

        foreach (var rule in rules.Where(r => r.Matches(tapStreamId, [])))
        {
            // Legacy catalogs carry underscored keys on the stream itself.
            SetMetadata(node, rule.Key.Replace('-', '_'), rule.Value);
        }
    }

    protected override void PropertyNode(JsonObject node, string path) => EnsureMetadata(PropertyBreadcrumbOf(path));

    protected override void MetadataNode(JsonObject node, string path)
    {
        if (_stream is null) return;
        var tapStreamId = _stream["tap_stream_id"]?.ToString() ?? "";
        var breadcrumb = BreadcrumbOf(node);
        foreach (var rule in rules.Where(r => r.Matches(tapStreamId, breadcrumb)))
        {
            if (node["metadata"] is not JsonObject metadata)
            {
                metadata = new JsonObject();
                node["metadata"] = metadata;
            }
            SetMetadata(metadata, rule.Key, rule.Value);
        }
    }

    private void EnsureMetadata(string[] breadcrumb)
    {
        var list = (JsonArray)_stream!["metadata"]!;
        var exists = list.OfType<JsonObject>().Any(m => BreadcrumbOf(m).SequenceEqual(breadcrumb));
        if (exists) return;
        list.Add((JsonNode)new JsonObject
        {
            ["breadcrumb"] = new JsonArray(breadcrumb.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()),
            ["metadata"] = new JsonObject { ["inclusion"] = breadcrumb.Length <= 2 ? "automatic" : "available" },
        });
    }

    private static void SetMetadata(JsonObject node, string key, JsonNode? value)
    {
        // Unsupported fields cannot be selected.
        if (key == "selected" && value is JsonValue v && v.TryGetValue<bool>(out var b) && b
            && node["inclusion"]?.ToString() == "unsupported")
        {
            return;
        }
        node[key] = value?.DeepClone();
    }
}
