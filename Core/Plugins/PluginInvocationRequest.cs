using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Plugins;

/// <summary>
/// Everything needed to prepare one plugin run, already resolved by the caller:
/// <paramref name="Config"/> is the plugin's resolved settings (extras excluded),
/// <paramref name="State"/> the incremental state to hand a tap (null: none),
/// <paramref name="Env"/> the environment for the process.
/// </summary>
public sealed record PluginInvocationRequest(
    string ProjectRoot,
    PluginSpec Plugin,
    JsonObject Config,
    IReadOnlyDictionary<string, string> Env)
{
    public CatalogExtras Extras { get; init; } = new();
    public JsonNode? State { get; init; }
    /// <summary><c>--refresh-catalog</c>: discover even when the cached catalog is current.</summary>
    public bool RefreshCatalog { get; init; }
    /// <summary>Meltano's <c>use_cached_catalog</c> extra.</summary>
    public bool UseCachedCatalog { get; init; } = true;
    /// <summary>Overrides the executable (for tests and <c>invoke</c> of a resolved path).</summary>
    public string? ExecutablePath { get; init; }
}
