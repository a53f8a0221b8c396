namespace Tapline.Core.Project;

/// <summary>A loaded project: meltano.yml plus its include_paths files, merged, inherit_from resolved.</summary>
public sealed class MeltanoProject
{
    public required string Root { get; init; }
    /// <summary>Absolute path of meltano.yml.</summary>
    public required string File { get; init; }
    public IReadOnlyList<string> IncludedFiles { get; init; } = [];
    public object? Version { get; init; }
    public string? DefaultEnvironment { get; init; }
    public string? ProjectId { get; init; }
    public bool? SendAnonymousUsageStats { get; init; }
    public object? StateBackend { get; init; }
    public IReadOnlyList<string> IncludePaths { get; init; } = [];
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<EnvironmentDefinition> Environments { get; init; } = [];
    public IReadOnlyList<PluginDefinition> Plugins { get; init; } = [];
    public IReadOnlyList<ScheduleDefinition> Schedules { get; init; } = [];
    public IReadOnlyList<JobDefinition> Jobs { get; init; } = [];
    /// <summary>
    /// Top-level keys that are not plugins/schedules/jobs/environments/env/include_paths: Tapline's own
    /// settings (database_uri, project_readonly, elt, ui, ...) and anything unknown, kept as written.
    /// </summary>
    public IReadOnlyDictionary<string, object?> TopLevel { get; init; } = new Dictionary<string, object?>();

    /// <summary>What Meltano accepts but a person should fix (old spellings, config of plugins the project lacks).</summary>
    public IReadOnlyList<ProjectError> Warnings { get; init; } = [];

    public PluginDefinition? FindPlugin(string name, PluginType? type = null) =>
        Plugins.FirstOrDefault(p => p.Name == name && (type is null || p.Type == type));

    public IEnumerable<PluginDefinition> PluginsOf(PluginType type) => Plugins.Where(p => p.Type == type);

    public EnvironmentDefinition? FindEnvironment(string name) => Environments.FirstOrDefault(e => e.Name == name);

    public ScheduleDefinition? FindSchedule(string name) => Schedules.FirstOrDefault(s => s.Name == name);

    public JobDefinition? FindJob(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    /// <summary>A mapping name of some mapper (mapping names stand for their mapper in run blocks).</summary>
    public PluginDefinition? FindMapperOfMapping(string mappingName) =>
        Plugins.FirstOrDefault(p => p.Type == PluginType.Mappers && p.Mappings.Any(m => m.Name == mappingName));
}
