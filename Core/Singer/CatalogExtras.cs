using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// The extractor extras that shape a catalog, with Meltano's names: <c>select</c> (default
/// <c>*.*</c>), <c>select_filter</c>, <c>metadata</c>, <c>schema</c>, and <c>catalog</c>
/// (a custom catalog file: then only <c>select_filter</c> applies).
/// </summary>
public sealed record CatalogExtras
{
    public IReadOnlyList<string> Select { get; init; } = ["*.*"];
    public IReadOnlyList<string> SelectFilter { get; init; } = [];
    public JsonObject? Metadata { get; init; }
    public JsonObject? Schema { get; init; }
    public string? CustomCatalog { get; init; }
}
