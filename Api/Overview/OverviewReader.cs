using Microsoft.EntityFrameworkCore;
using Tapline.Api.Logs;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Insight;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Api.Overview;

/// <summary>
/// Builds the overview from meltano.yml (schedules compiled by Core/Schedules), the runs table and the
/// stored state. Every runs query is bounded by an index (status, or queued_at over 7 days) and
/// reads only the columns it shows, so the page stays cheap however long the history is.
/// </summary>
public sealed class OverviewReader(SystemDbContext db, StateStore states, TimeProvider clock)
{
    public const int MaxFailures = 50;
    public const int MaxTimelineRuns = 1000;

    /// <summary>Most runs of the last 7 days read for the trends; older ones in a busier week are left out.</summary>
    public const int MaxTrendRuns = 20_000;

    public async Task<OverviewView> ReadAsync(ProjectContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var compiled = ProjectScheduleSpecs.Compile(context.Project, context.Environment?.Name);

        var running = await db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running)
            .OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ScheduleName, r.JobName, r.Block, r.StartedAt, r.Records, r.StreamCounts, r.Metrics, r.Status, r.EndedAt })
            .ToListAsync(cancellationToken);

        var weekAgo = now.AddDays(-7);
        var week = await db.Runs.AsNoTracking()
            .Where(r => r.QueuedAt >= weekAgo)
            .OrderByDescending(r => r.QueuedAt)
            .Take(MaxTrendRuns)
            .Select(r => new { r.Id, r.ScheduleName, r.JobName, r.Block, r.Status, r.QueuedAt, r.StartedAt, r.EndedAt, r.Error })
            .ToListAsync(cancellationToken);

        var dayAgo = now.AddDays(-1);
        var day = week.Where(r => r.QueuedAt >= dayAgo).ToList();
        var failures = day
            .Where(r => Failed(r.Status))
            .OrderByDescending(r => r.Id)
            .Take(MaxFailures)
            .Select(r => new FailedRun(r.Id, Pipeline(r.ScheduleName, r.JobName, r.Block), Word(r.Status), r.EndedAt, FirstLine(r.Error)))
            .ToList();

        var today = DateOnly.FromDateTime(now);
        var trends = week
            .Where(r => r.ScheduleName is not null && r.Status is not (RunStatus.Queued or RunStatus.Running))
            .GroupBy(r => r.ScheduleName!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var succeeded = g.Count(r => r.Status == RunStatus.Success);
                var days = Enumerable.Range(0, 7).Select(i => today.AddDays(i - 6)).Select(d =>
                {
                    var onDay = g.Where(r => DateOnly.FromDateTime(r.QueuedAt) == d).ToList();
                    var durations = onDay.Where(r => r.StartedAt is not null && r.EndedAt is not null).Select(r => (r.EndedAt!.Value - r.StartedAt!.Value).TotalSeconds).ToList();
                    return new DayTrend(d, onDay.Count, onDay.Count(r => Failed(r.Status)), durations.Count == 0 ? null : Math.Round(durations.Average(), 3));
                }).ToList();
                return new PipelineTrend(g.Key, g.Count(), succeeded, g.Any() ? Math.Round((double)succeeded / g.Count(), 4) : null, days);
            })
            .ToList();

        var timeline = day
            .Where(r => r.StartedAt is not null)
            .OrderBy(r => r.StartedAt)
            .Take(MaxTimelineRuns)
            .Select(r => new TimelineRun(r.Id, Pipeline(r.ScheduleName, r.JobName, r.Block), Word(r.Status), r.StartedAt, r.EndedAt))
            .ToList();

        var nextFires = compiled.Valid
            .Select(s => (s.Name, At: s.NextFire(clock.GetUtcNow(), onceDone: false)))
            .Where(s => s.At is not null)
            .OrderBy(s => s.At)
            .Take(10)
            .Select(s => new NextFire(s.Name, s.At!.Value.UtcDateTime))
            .ToList();

        var (policies, freshnessProblems) = FreshnessPolicy.Read(context.Project.Schedules);
        var broken = compiled.Problems.Concat(freshnessProblems)
            .GroupBy(p => p.Schedule, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BrokenSchedule(g.Key, string.Join("; ", g.Select(p => p.ToString()))))
            .ToList();

        return new OverviewView(
            now,
            [.. running.Select(r => new RunningRun(r.Id, Pipeline(r.ScheduleName, r.JobName, r.Block), r.Block, r.StartedAt, r.Records,
                RunProgressView.From(r.Id, r.Status, r.StartedAt, r.EndedAt, r.Records, r.StreamCounts, r.Metrics).Streams.Sum(s => s.RecordsPerSecond)))],
            failures,
            trends,
            nextFires,
            broken,
            [.. (await LagsAsync(compiled, policies, cancellationToken)).Where(l => l.Breached)],
            timeline);
    }

    /// <summary>Each elt schedule's streams with a timestamp bookmark, and their lag now.</summary>
    public async Task<IReadOnlyList<StreamLag>> LagsAsync(ScheduleSet compiled, IReadOnlyList<FreshnessPolicy> policies, CancellationToken cancellationToken) =>
        [.. (await ScheduleFreshness.ComputeAsync(compiled, policies, states, clock.GetUtcNow(), cancellationToken)).Select(l =>
            new StreamLag(l.Schedule, l.StateId, l.Freshness.Stream, l.Freshness.Bookmark, Math.Round(l.Freshness.Lag.TotalSeconds),
                l.Freshness.Threshold?.TotalSeconds, l.Freshness.Breached))];

    /// <summary>Failed, dead, and any status added for runs that did not finish well (stalled): all but these four.</summary>
    private static bool Failed(RunStatus status) => status is not (RunStatus.Success or RunStatus.Running or RunStatus.Queued or RunStatus.Cancelled);

    private static string Pipeline(string? schedule, string? job, string block) => schedule ?? job ?? block;

    private static string Word(RunStatus status) => status.ToString().ToLowerInvariant();

    private static string? FirstLine(string? error) => error?.Split('\n', 2)[0];
}
