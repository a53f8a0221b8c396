namespace Tapline.Core.Project;

/// <summary>An entry of <c>environments:</c>: plugin config overrides, env vars and a state id suffix.</summary>
public sealed class EnvironmentDefinition
{
    public required string Name { get; init; }
    /// <summary>Per-plugin overrides from <c>config.plugins.&lt;type&gt;[]</c>.</summary>
    public IReadOnlyList<EnvironmentPluginConfig> Plugins { get; init; } = [];
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public string? StateIdSuffix { get; init; }
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public required SourceLocation Location { get; init; }

    public EnvironmentPluginConfig? FindPlugin(PluginType type, string name) =>
        Plugins.FirstOrDefault(p => p.Type == type && p.Name == name);
}

/// <summary>One plugin's override inside an environment: config, extras (select, metadata, ...) and env.</summary>
public sealed class EnvironmentPluginConfig
{
    public required PluginType Type { get; init; }
    public required string Name { get; init; }
    public Dictionary<string, object?> Config { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Extras such as select/metadata/schema, keyed without the leading underscore.</summary>
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public required SourceLocation Location { get; init; }
}
