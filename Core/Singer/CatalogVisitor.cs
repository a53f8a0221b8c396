using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tapline.Core.Singer;

/// <summary>
/// Walks a Singer catalog the way Meltano's <c>CatalogExecutor</c> does: every node gets a
/// materialized path (<c>.streams[0].schema.properties.id</c>) and streams, properties and
/// metadata entries are recognised by that path, so odd catalogs behave as they do in Meltano
/// (for example, property names that are not <c>\w*</c> are not property nodes).
/// </summary>
public abstract partial class CatalogVisitor
{
    [GeneratedRegex(@"streams\[\d+\]$")]
    private static partial Regex StreamPath();

    [GeneratedRegex(@"schema(\.properties\.\w*)+$")]
    private static partial Regex PropertyPath();

    [GeneratedRegex(@"metadata\[\d+\]$")]
    private static partial Regex MetadataPath();

    public void Visit(JsonNode? catalog) => Visit(catalog, "");

    private void Visit(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                VisitObject(obj, path);
                break;
            case JsonArray array:
                // Snapshot: a visitor may append metadata entries while we walk.
                var items = array.ToArray();
                for (var i = 0; i < items.Length; i++) Visit(items[i], $"{path}[{i}]");
                break;
        }
    }

    private void VisitObject(JsonObject node, string path)
    {
        var kind = NodeKind.None;
        if (StreamPath().IsMatch(path)) kind = NodeKind.Stream;
        if (PropertyPath().IsMatch(path)) kind = NodeKind.Property;
        if (MetadataPath().IsMatch(path) && node.ContainsKey("breadcrumb")) kind = NodeKind.Metadata;

        switch (kind)
        {
            case NodeKind.Stream:
                StreamNode(node, path);
                break;
            case NodeKind.Property:
                PropertyNode(node, path);
                break;
            case NodeKind.Metadata:
                if (node["breadcrumb"] is JsonArray { Count: 0 }) StreamMetadataNode(node, path);
                else PropertyMetadataNode(node, path);
                break;
        }

        foreach (var (key, child) in node.ToArray())
        {
            if (kind == NodeKind.Property && key is "anyOf" or "type") continue;
            Visit(child, $"{path}.{key}");
        }
    }

    protected virtual void StreamNode(JsonObject node, string path) { }

    protected virtual void PropertyNode(JsonObject node, string path) { }

    protected virtual void StreamMetadataNode(JsonObject node, string path) => MetadataNode(node, path);

    protected virtual void PropertyMetadataNode(JsonObject node, string path) => MetadataNode(node, path);

    protected virtual void MetadataNode(JsonObject node, string path) { }

    /// <summary>The schema breadcrumb of a property path: from the first <c>properties</c> on.</summary>
    protected static string[] PropertyBreadcrumbOf(string path) => path[path.IndexOf("properties", StringComparison.Ordinal)..].Split('.');

    protected static string[] BreadcrumbOf(JsonObject metadataEntry) =>
        metadataEntry["breadcrumb"] is JsonArray a ? a.Select(x => x?.ToString() ?? "").ToArray() : [];

    private enum NodeKind { None, Stream, Property, Metadata }
}
