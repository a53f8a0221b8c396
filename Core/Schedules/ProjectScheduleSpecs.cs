using System.Globalization;
using Tapline.Core.Project;

namespace Tapline.Core.Schedules;

/// <summary>Turns the loaded meltano.yml model (Core/Project) into schedule specs and the context they are checked against.</summary>
public static class ProjectScheduleSpecs
{
    public static ScheduleSet Compile(MeltanoProject project, string? environment) =>
        ScheduleCompiler.Compile(project.Schedules.Select(From), Context(project, environment));

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

    public static ScheduleSpec From(ScheduleDefinition s) => new()
    {
        Name = s.Name,
        Interval = s.Interval,
        Extractor = s.Extractor,
        Loader = s.Loader,
        Transform = s.Transform,
        Job = s.Job,
        StartDate = s.StartDate,
        Env = s.Env,
        Extras = s.Extras
            .Where(kv => kv.Value is null or string or bool or int or long or double or decimal)
            .ToDictionary(kv => kv.Key, kv => kv.Value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : kv.Value?.ToString())
            .Append(KeyValuePair.Create("enabled", (string?)(s.Enabled ? "true" : "false")))
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        File = s.Location?.File,
        Line = s.Location?.Line,
    };
}
