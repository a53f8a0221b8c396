using Microsoft.EntityFrameworkCore;
using Tapline.Api.Runs;
using Tapline.Core.Data;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Api.Schedules;

/// <summary>
/// Builds <see cref="ScheduleView"/>s from meltano.yml (compiled by Core/Schedules, the same code the
/// Scheduler and the CLI run), the Scheduler's <c>schedule_status</c> rows and the runs table.
/// </summary>
public sealed class ScheduleReader(SystemDbContext db, TimeProvider clock)
{
    public const int RecentRuns = 10;

    public async Task<List<ScheduleView>> ReadAsync(ProjectContext context, IEnumerable<ScheduleDefinition> schedules, CancellationToken cancellationToken)
    {
        var compiled = ProjectScheduleSpecs.Compile(context.Project, context.Environment?.Name);
        var wanted = schedules.ToList();
        var names = wanted.Select(s => s.Name).ToList();
        var statuses = await db.ScheduleStatus.AsNoTracking().Where(s => names.Contains(s.Name))
            .ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, cancellationToken);
        var views = new List<ScheduleView>();
        foreach (var schedule in wanted)
        {
            var runs = await db.Runs.AsNoTracking()
                .Where(r => r.ScheduleName == schedule.Name)
                .OrderByDescending(r => r.Id)
                .Take(RecentRuns)
                .ToListAsync(cancellationToken);
            var recent = runs.Select(r => new ScheduleRun(r.Id, RunView.Word(r.Status), r.StartedAt, RunView.Duration(r), r.Records)).ToList();
            views.Add(View(context.Project, schedule, compiled, statuses.GetValueOrDefault(schedule.Name), recent));
        }
        return views;
    }

    /// <summary>An interval as Core reads it, with its next fire from now.</summary>
    public IntervalView Describe(string? interval, string? timezone)
    {
        var problems = new List<string>();
        IntervalParser.TryParse("", interval, out var parsed, out var intervalProblem);
        if (parsed is null) problems.Add(intervalProblem.Message);
        ScheduleTimeZones.TryResolve("", timezone, out var zone, out var zoneProblem);
        if (zoneProblem is not null) problems.Add(zoneProblem.Message);
        return parsed is null || problems.Count > 0
            ? new IntervalView(interval ?? "", null, null, null, string.Join("; ", problems), IntervalParser.Names)
            : new IntervalView(parsed.Text, parsed.Cron, IntervalDescriber.Describe(parsed, zone),
                FireTimes.Next(parsed, zone, clock.GetUtcNow())?.UtcDateTime, null, IntervalParser.Names);
    }

    private ScheduleView View(MeltanoProject project, ScheduleDefinition s, ScheduleSet compiled, ScheduleStatusRecord? status, List<ScheduleRun> recent)
    {
        var valid = compiled.Find(s.Name);
        var problems = compiled.Problems.Where(p => p.Schedule == s.Name).Select(p => p.ToString()).ToList();
        // A broken schedule still shows its interval in words when the interval itself is fine.
        var interval = valid?.Interval ?? (IntervalParser.TryParse(s.Name, s.Interval, out var parsed, out _) ? parsed : null);
        var zoneText = s.Extras.GetValueOrDefault("timezone")?.ToString();
        ScheduleTimeZones.TryResolve(s.Name, zoneText, out var zone, out _);
        var onceDone = status?.LastFireKey is not null;
        var next = valid?.NextFire(clock.GetUtcNow(), onceDone)?.UtcDateTime;
        var job = s.IsJobSchedule ? project.FindJob(s.Job!) : null;
        return new ScheduleView(
            s.Name,
            s.IsJobSchedule ? "job" : "elt",
            s.Extractor,
            s.Loader,
            s.IsJobSchedule ? null : s.Transform ?? "skip",
            s.Job,
            job?.Tasks.Select(t => t.ToString()).ToList(),
            s.Interval,
            interval?.Cron,
            interval is null ? null : IntervalDescriber.Describe(interval, zone),
            ScheduleTimeZones.Label(zone),
            s.StartDate,
            s.Enabled,
            next,
            problems.Count > 0 ? string.Join("; ", problems) : status?.Error,
            status is null ? null : new ScheduleStatusView(Utc(status.LastFireAt), status.LastOutcome, Utc(status.NextFireAt), status.Error, Utc(status.UpdatedAt)!.Value),
            recent.FirstOrDefault(),
            recent);
    }

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
