using Tapline.Core.Project;

namespace Tapline.Api.Schedules;

/// <summary>
/// What a run of a schedule or job is: its state id and block, as the Scheduler enqueues them —
/// an elt schedule's state id is its name (Meltano's <c>elt --state-id</c>); a job's is
/// <c>{environment}:{extractor}-to-{loader}</c> of its first extractor-loader pair.
/// </summary>
public sealed record RunPlan(string StateId, string Block)
{
    public static RunPlan ForSchedule(ScheduleDefinition schedule, MeltanoProject project, string? environment) =>
        schedule.IsJobSchedule
            ? ForJob(project.FindJob(schedule.Job!) ?? throw new FormatException($"schedule '{schedule.Name}' names job '{schedule.Job}', which is not in meltano.yml"), project, environment)
            : new RunPlan(schedule.Name, $"{schedule.Extractor} {schedule.Loader}");

    public static RunPlan ForJob(JobDefinition job, MeltanoProject project, string? environment)
    {
        var steps = job.Tasks.SelectMany(t => t.Steps).ToList();
        var block = string.Join(' ', job.Tasks.Select(t => t.ToString()));
        string? extractor = null;
        foreach (var step in steps)
        {
            var type = project.FindPlugin(step)?.Type;
            if (extractor is null && type == PluginType.Extractors)
            {
                extractor = step;
            }
            else if (extractor is not null && type == PluginType.Loaders)
            {
                var pair = $"{extractor}-to-{step}";
                return new RunPlan(string.IsNullOrEmpty(environment) ? pair : $"{environment}:{pair}", block);
            }
        }
        // Only commands, no Singer pair: no state, but runs of the job still serialise on this id.
        return new RunPlan(string.IsNullOrEmpty(environment) ? $"job:{job.Name}" : $"{environment}:job:{job.Name}", block);
    }
}
