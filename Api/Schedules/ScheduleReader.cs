using Microsoft.EntityFrameworkCore;
using Tapline.Api.Runs;
using Tapline.Core.Data;
using Tapline.Core.Project;

namespace Tapline.Api.Schedules;

/// <summary>Builds <see cref="ScheduleView"/>s from meltano.yml and the runs table.</summary>
public sealed class ScheduleReader(SystemDbContext db, TimeProvider clock)
{
    public const int RecentRuns = 10;

    public async Task<List<ScheduleView>> ReadAsync(MeltanoProject project, IEnumerable<ScheduleDefinition> schedules, CancellationToken cancellationToken)
    {
        var views = new List<ScheduleView>();
        foreach (var schedule in schedules)
        {
            var runs = await db.Runs.AsNoTracking()
                .Where(r => r.ScheduleName == schedule.Name)
                .OrderByDescending(r => r.Id)
                .Take(RecentRuns)
                .ToListAsync(cancellationToken);
            var recent = runs.Select(r => new ScheduleRun(r.Id, RunView.Word(r.Status), r.StartedAt, RunView.Duration(r), r.Records)).ToList();
            views.Add(View(project, schedule, recent));
        }
        return views;
    }

    private ScheduleView View(MeltanoProject project, ScheduleDefinition s, List<ScheduleRun> recent)
    {
        Interval? interval = null;
        var problems = new List<string>();
        try
        {
            interval = Interval.Parse(s.Interval);
        }
        catch (FormatException e)
        {
            problems.Add(e.Message);
        }
        IReadOnlyList<string>? tasks = null;
        if (s.IsJobSchedule)
        {
            var job = project.FindJob(s.Job!);
            if (job is null) problems.Add($"job '{s.Job}' is not in meltano.yml");
            tasks = job?.Tasks.Select(t => t.ToString()).ToList();
        }
        else
        {
            if (s.Extractor is null || project.FindPlugin(s.Extractor, PluginType.Extractors) is null) problems.Add($"extractor '{s.Extractor}' is not in meltano.yml");
            if (s.Loader is null || project.FindPlugin(s.Loader, PluginType.Loaders) is null) problems.Add($"loader '{s.Loader}' is not in meltano.yml");
        }
        var error = problems.Count == 0 ? null : string.Join("; ", problems);
        var next = s.Enabled && error is null ? interval?.NextFireAfter(clock.GetUtcNow().UtcDateTime) : null;
        return new ScheduleView(
            s.Name,
            s.IsJobSchedule ? "job" : "elt",
            s.Extractor,
            s.Loader,
            s.IsJobSchedule ? null : s.Transform ?? "skip",
            s.Job,
            tasks,
            s.Interval,
            interval?.Cron?.Text,
            interval?.Words,
            s.Enabled,
            next,
            error,
            recent.FirstOrDefault(),
            recent);
    }
}
