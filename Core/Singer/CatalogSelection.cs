using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// Reads what a catalog selects (Meltano's <c>ListSelectedExecutor</c>): per stream its
/// selection and per property path (<c>a.b</c>) its selection.
/// </summary>
public sealed class CatalogSelection : CatalogVisitor
{
    private string? _stream;

    public Dictionary<string, SelectionType> Streams { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, SelectionType>> Properties { get; } = new(StringComparer.Ordinal);

    public static CatalogSelection Of(JsonNode catalog)
    {
        var selection = new CatalogSelection();
        selection.Visit(catalog);
        return selection;
    }

    /// <summary>Selected (or automatic) properties of selected streams.</summary>
    public Dictionary<string, SortedSet<string>> SelectedProperties() =>
        Properties
            .Where(p => !Streams.TryGetValue(p.Key, out var s) || s.IsIncluded())
            .ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value.Where(x => x.Value.IsIncluded()).Select(x => x.Key), StringComparer.Ordinal));

    public static SelectionType NodeSelection(JsonObject entry)
    {
        if (entry["metadata"] is not JsonObject metadata) return SelectionType.Excluded;
        var inclusion = metadata["inclusion"]?.ToString();
        if (inclusion == "automatic") return SelectionType.Automatic;
        if (inclusion == "unsupported") return SelectionType.Unsupported;
        var selected = metadata["selected"];
        if (IsTrue(selected) || (selected is null && IsTruthy(metadata["selected-by-default"]))) return SelectionType.Selected;
        return SelectionType.Excluded;
    }

    protected override void StreamNode(JsonObject node, string path)
    {
        _stream = node["tap_stream_id"]?.ToString() ?? "";
        Properties[_stream] = new Dictionary<string, SelectionType>(StringComparer.Ordinal);
    }

    protected override void StreamMetadataNode(JsonObject node, string path)
    {
        if (_stream is null) return;
        var selection = NodeSelection(node);
        // Meltano keeps a set of (stream, selection); an excluded entry anywhere wins.
        Streams[_stream] = Streams.TryGetValue(_stream, out var prior) && !prior.IsIncluded() ? prior : selection;
    }

    protected override void PropertyMetadataNode(JsonObject node, string path)
    {
        if (_stream is null) return;
        var breadcrumb = BreadcrumbOf(node);
        var prop = string.Join('.', breadcrumb.Where((_, i) => i % 2 == 1 && breadcrumb[i - 1] == "properties"));
        Properties[_stream][prop] = NodeSelection(node);
    }

    private static bool IsTrue(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static bool IsTruthy(JsonNode? n) => n switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };
}
