using Tapline.Core.Project;

namespace Tapline.Core.Settings;

/// <summary>
/// Meltano's plugin extras: keys outside <c>config:</c> (select, metadata, ...) that resolve like settings,
/// with a leading underscore, so TAP_X__SELECT overrides <c>select:</c>.
/// </summary>
public static class PluginExtras
{
    public static IReadOnlyList<SettingDefinition> For(PluginType type) => type switch
    {
        PluginType.Extractors =>
        [
            new() { Name = "_select", Kind = SettingKind.Array, Value = new List<object?> { "*.*" } },
            new() { Name = "_metadata", Kind = SettingKind.Object },
            new() { Name = "_schema", Kind = SettingKind.Object },
            new() { Name = "_catalog", Kind = SettingKind.File },
            new() { Name = "_state", Kind = SettingKind.File },
            new() { Name = "_load_schema", Kind = SettingKind.String },
            new() { Name = "_select_filter", Kind = SettingKind.Array },
        ],
        _ => [],
    };

    /// <summary>The extras written on the plugin itself, keyed "_select" etc.</summary>
    public static Dictionary<string, object?> From(PluginDefinition p)
    {
        var extras = new Dictionary<string, object?>(StringComparer.Ordinal);
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                extras[key] = value;
            }
        }
        Add("_select", p.Select?.Cast<object?>().ToList());
        Add("_metadata", p.Metadata?.ToDictionary(kv => kv.Key, kv => kv.Value));
        Add("_schema", p.Schema?.ToDictionary(kv => kv.Key, kv => kv.Value));
        Add("_catalog", p.Catalog);
        Add("_state", p.State);
        Add("_load_schema", p.LoadSchema);
        Add("_select_filter", p.SelectFilter?.Cast<object?>().ToList());
        return extras;
    }
}
