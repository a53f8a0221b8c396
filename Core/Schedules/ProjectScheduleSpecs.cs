using Tapline.Core.Project;

namespace Tapline.Core.Schedules;

/// <summary>Compiles the loaded meltano.yml model's schedules (Core/Project) against the context the project gives them.</summary>
public static class ProjectScheduleSpecs
{
    public static ScheduleSet Compile(MeltanoProject project, string? environment) =>
        ScheduleCompiler.Compile(project.Schedules, Context(project, environment));

    public static ScheduleContext Context(MeltanoProject project, string? environment)
    {
        var active = environment ?? project.DefaultEnvironment;
        return new ScheduleContext
        {
            Environment = active,
            StateIdSuffix = active is null ? null : project.FindEnvironment(active)?.StateIdSuffix,
            Extractors = project.PluginsOf(PluginType.Extractors).Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
            Loaders = project.PluginsOf(PluginType.Loaders).Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
            Jobs = project.Jobs.ToDictionary(j => j.Name, j => (IReadOnlyList<string>)j.Tasks.Select(t => t.ToString()).ToList(), StringComparer.Ordinal),
        };
    }
}
