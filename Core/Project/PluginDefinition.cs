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

    /// <summary>
    /// Set when this definition is the content of a Meltano lock file (<c>plugins/&lt;type&gt;/&lt;name&gt;--&lt;variant&gt;.lock</c>)
    /// rather than a meltano.yml entry: it is some entry's <see cref="Parent"/>, never a plugin of the project.
    /// </summary>
    public string? LockFile { get; init; }

    /// <summary>
    /// What this plugin refines, set when the project is loaded, as Meltano's <c>find_parent</c>: the project plugin
    /// named by <see cref="InheritFrom"/> (when no variant is set), else the lock file of the variant, else none
    /// (a custom plugin with a <c>namespace</c>, or a variant whose lock file is missing: meltano.yml alone).
    /// </summary>
    public PluginDefinition? Parent { get; internal set; }

    /// <summary>The parent when it is another plugin of the project (inherit_from), not a lock file.</summary>
    public PluginDefinition? ProjectParent => Parent is { LockFile: null } p ? p : null;

    /// <summary>
    /// Meltano's namespace: as written; else an inheriting plugin's own name (dashes as underscores); else the
    /// lock file's; else the name.
    /// </summary>
    public string EffectiveNamespace => Namespace
        ?? (InheritFrom is null ? Parent?.EffectiveNamespace : null)
        ?? Name.Replace('-', '_');

    /// <summary>The plugin's <c>env:</c> with its ancestors' underneath (an inheriting plugin's own keys win).</summary>
    public IReadOnlyDictionary<string, string> EffectiveEnv
    {
        get
        {
            if (Parent is null)
            {
                return Env;
            }
            var merged = new Dictionary<string, string>(Parent.EffectiveEnv, StringComparer.Ordinal);
            foreach (var (k, v) in Env)
            {
                merged[k] = v;
            }
            return merged;
        }
    }

    public string? EffectiveExecutable => Executable ?? Parent?.EffectiveExecutable;

    public string? EffectivePipUrl => PipUrl ?? Parent?.EffectivePipUrl;

    public string? EffectiveVariant => Variant ?? Parent?.EffectiveVariant;

    public IReadOnlyList<string> EffectiveCapabilities => Capabilities.Count > 0 || Parent is null ? Capabilities : Parent.EffectiveCapabilities;

    /// <summary>
    /// Setting definitions of this plugin and its ancestors, merged by name as Meltano does: the parent's (lock
    /// file or inherited plugin) first in their order, minus those this entry redefines, then this entry's own.
    /// </summary>
    public IReadOnlyList<SettingDefinition> EffectiveSettings
    {
        get
        {
            if (Parent is null)
            {
                return Settings;
            }
            var own = Settings.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            return Parent.EffectiveSettings.Where(p => !own.Contains(p.Name)).Concat(Settings).ToList();
        }
    }

    public IReadOnlyDictionary<string, object?>? EffectiveRequires => Requires ?? Parent?.EffectiveRequires;

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
