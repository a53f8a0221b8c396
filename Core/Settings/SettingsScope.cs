namespace Tapline.Core.Settings;

/// <summary>Everything one resolution reads, layer by layer (see <see cref="SettingsResolver"/>).</summary>
public sealed class SettingsScope
{
    /// <summary>Plugin name, or "meltano" for the project's own settings; named in every error.</summary>
    public required string Owner { get; init; }
    public required IReadOnlyList<SettingDefinition> Definitions { get; init; }
    /// <summary>Names of extras (e.g. "_select"), resolved like settings but kept out of the plugin config.</summary>
    public IReadOnlySet<string> ExtraNames { get; init; } = new HashSet<string>();
    /// <summary>Env var prefixes, first is the one written: [name, namespace] for plugins, ["meltano"] for the project.</summary>
    public required IReadOnlyList<string> EnvPrefixes { get; init; }
    public IReadOnlyDictionary<string, object?>? Overrides { get; init; }
    public IReadOnlyDictionary<string, string> ProcessEnv { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> DotEnv { get; init; } = new Dictionary<string, string>();
    /// <summary>Values of the <c>env:</c> blocks of meltano.yml (project, environment, plugin), already expanded.</summary>
    public IReadOnlyDictionary<string, string> YmlEnv { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, object?>? EnvironmentConfig { get; init; }
    public IReadOnlyDictionary<string, object?>? YmlConfig { get; init; }
    public IReadOnlyDictionary<string, string>? Db { get; init; }
    /// <summary>The parent's resolution, for inherit_from.</summary>
    public ResolvedSettings? Inherited { get; init; }
    /// <summary>What $VAR in meltano.yml values expands against.</summary>
    public IReadOnlyDictionary<string, string> ExpansionEnv { get; init; } = new Dictionary<string, string>();
    public bool StrictEnvVarMode { get; init; }
}
