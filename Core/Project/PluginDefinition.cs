using Tapline.Core.Settings;

namespace Tapline.Core.Project;

/// <summary>A plugin as declared in meltano.yml (or an included file).</summary>
public sealed class PluginDefinition
{
    public required PluginType Type { get; init; }
    public required string Name { get; init; }
    public string? Variant { get; init; }
    public string? PipUrl { get; init; }
    public string? Executable { get; init; }
    public string? Namespace { get; init; }
    public string? InheritFrom { get; init; }
    public Dictionary<string, object?> Config { get; init; } = new(StringComparer.Ordinal);
    public IReadOnlyList<SettingDefinition> Settings { get; init; } = [];
    public IReadOnlyList<string>? Select { get; init; }
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }
    public IReadOnlyDictionary<string, object?>? Schema { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public string? Catalog { get; init; }
    public string? State { get; init; }
    public string? LoadSchema { get; init; }
    public IReadOnlyList<string>? SelectFilter { get; init; }
    public IReadOnlyDictionary<string, PluginCommand> Commands { get; init; } = new Dictionary<string, PluginCommand>();
    public IReadOnlyDictionary<string, object?>? Requires { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<MappingDefinition> Mappings { get; init; } = [];
    /// <summary>Keys Tapline does not model, kept as written.</summary>
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public required SourceLocation Location { get; init; }

    /// <summary>The plugin named by <see cref="InheritFrom"/>, set when the project is loaded.</summary>
    public PluginDefinition? Parent { get; internal set; }

    /// <summary>Meltano's default namespace: the name with dashes as underscores.</summary>
    public string EffectiveNamespace => Namespace ?? Parent?.EffectiveNamespace ?? Name.Replace('-', '_');

    public string? EffectiveExecutable => Executable ?? Parent?.EffectiveExecutable;

    public string? EffectivePipUrl => PipUrl ?? Parent?.EffectivePipUrl;

    public string? EffectiveVariant => Variant ?? Parent?.EffectiveVariant;

    public IReadOnlyList<string> EffectiveCapabilities => Capabilities.Count > 0 || Parent is null ? Capabilities : Parent.EffectiveCapabilities;

    /// <summary>Setting definitions of this plugin and its ancestors; the nearest definition of a name wins.</summary>
    public IReadOnlyList<SettingDefinition> EffectiveSettings
    {
        get
        {
            var own = Settings.ToList();
            if (Parent is not null)
            {
                own.AddRange(Parent.EffectiveSettings.Where(p => own.All(o => o.Name != p.Name)));
            }
            return own;
        }
    }

    public IReadOnlyDictionary<string, PluginCommand> EffectiveCommands
    {
        get
        {
            if (Parent is null)
            {
                return Commands;
            }
            var merged = new Dictionary<string, PluginCommand>(Parent.EffectiveCommands);
            foreach (var (k, v) in Commands)
            {
                merged[k] = v;
            }
            return merged;
        }
    }
}
