using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>One property of a stream (<c>a.b</c> for nested ones) and how it ends up within its stream.</summary>
public sealed record CatalogPropertyOutline(string Path, SelectionType Selection);

/// <summary>One stream of a catalog: its selection, replication method and key, primary key and properties.</summary>
public sealed record CatalogStreamOutline(
    string Stream,
    SelectionType Selection,
    string? ReplicationMethod,
    IReadOnlyList<string> ReplicationKey,
    IReadOnlyList<string> KeyProperties,
    IReadOnlyList<CatalogPropertyOutline> Properties);

/// <summary>
/// A catalog (with its select rules applied) as streams and properties, for a person to look at: selection
/// read by <see cref="CatalogSelection"/>, replication facts from the stream's metadata (Singer's
/// <c>forced-replication-method</c> / <c>replication-method</c>, <c>replication-key</c> or <c>valid-replication-keys</c>,
/// <c>table-key-properties</c>), falling back to the legacy top-level stream keys.
/// </summary>
public static class CatalogOutline
{
    public static IReadOnlyList<CatalogStreamOutline> Of(JsonNode catalog)
    {
        var selection = CatalogSelection.Of(catalog);
        var outlines = new List<CatalogStreamOutline>();
        foreach (var stream in (catalog["streams"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = stream["tap_stream_id"]?.ToString() ?? "";
            var streamSelection = selection.Streams.GetValueOrDefault(id, SelectionType.Excluded);
            var metadata = StreamMetadata(stream);
            var properties = selection.Properties.GetValueOrDefault(id, [])
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new CatalogPropertyOutline(p.Key, p.Value.Within(streamSelection)))
                .ToList();
            outlines.Add(new CatalogStreamOutline(
                id,
                streamSelection,
                Text(metadata?["forced-replication-method"]) ?? Text(metadata?["replication-method"]) ?? Text(stream["replication_method"]),
                Strings(metadata?["replication-key"]) is { Count: > 0 } key ? key
                    : Strings(stream["replication_key"]) is { Count: > 0 } legacy ? legacy : Strings(metadata?["valid-replication-keys"]),
                Strings(metadata?["table-key-properties"]) is { Count: > 0 } pk ? pk : Strings(stream["key_properties"]),
                properties));
        }
        return outlines;
    }

    private static JsonObject? StreamMetadata(JsonObject stream) =>
        (stream["metadata"] as JsonArray ?? []).OfType<JsonObject>()
            .LastOrDefault(m => m["breadcrumb"] is JsonArray { Count: 0 })?["metadata"] as JsonObject;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(x => x?.ToString() ?? "").ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
