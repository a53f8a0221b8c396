using Microsoft.Extensions.Logging;
using Quartz;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Firing;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Status;

namespace Tapline.Scheduler.Triggers;

/// <summary>
/// Makes Quartz's triggers match meltano.yml: adds new schedules, replaces changed ones, removes
/// deleted or broken ones, and leaves unchanged ones alone so their stored state (next fire,
/// misfires) survives restarts. Writes every schedule's status row as it goes.
/// </summary>
public sealed class ScheduleReconciler(
    ISchedulerFactory schedulerFactory,
    ScheduleCatalog catalog,
    IRunEnqueuer enqueuer,
    IScheduleStatusStore status,
    QuartzStoreMode store,
    BulkTriggerWriter bulkWriter,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<ScheduleReconciler> logger)
{
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<ReconcileResult> ReconcileAsync(ProjectSchedules loaded, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await ReconcileLockedAsync(loaded, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ReconcileResult> ReconcileLockedAsync(ProjectSchedules loaded, CancellationToken cancellationToken)
    {
        if (loaded.FileProblems.Count > 0)
        {
            // An unreadable file says nothing about which schedules should exist: keep running what we have.
            foreach (var problem in loaded.FileProblems)
            {
                logger.LogError("Schedules not reloaded: {Problem}", problem.ToString());
            }
            return new ReconcileResult(0, 0, 0, 0, loaded.FileProblems.Count);
        }

        foreach (var problem in loaded.Set.Problems)
        {
            logger.LogError("Schedule {Schedule} cannot run: {Problem}", problem.Schedule, problem.ToString());
        }

        catalog.Replace(loaded);
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var existing = (await scheduler.QueryTriggers(
                new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TriggerPlan.Group), Take = PagedQuery.All }, cancellationToken))
            .Items.ToDictionary(t => t.Key);

        var now = time.GetUtcNow();
        // Read before this reconcile's sync moves updated_at on.
        var before = store.Clustered ? null : (await status.ListAsync(cancellationToken)).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var wanted = new HashSet<TriggerKey>();
        var toSchedule = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        var onceDone = new HashSet<string>(StringComparer.Ordinal);
        var kept = 0;
        foreach (var schedule in loaded.Set.Valid.Where(s => s.Fires))
        {
            if (schedule.Interval.Kind == IntervalKind.Once && await enqueuer.FireKeyExistsAsync(FireKeys.ForOnce(schedule.Name), cancellationToken))
            {
                onceDone.Add(schedule.Name);
                continue;
            }

            var triggers = TriggerPlan.Triggers(schedule, now);
            wanted.UnionWith(triggers.Select(t => t.Key));
            var unchanged = triggers.All(t => existing.TryGetValue(t.Key, out var header) && header.Description == schedule.TriggerFingerprint);
            if (unchanged)
            {
                kept++;
                continue;
            }
            toSchedule[TriggerPlan.Job(schedule)] = triggers;
        }

        var stale = existing.Keys.Where(k => !wanted.Contains(k)).ToList();
        if (stale.Count > 0)
        {
            await scheduler.UnscheduleJobs(stale, cancellationToken);
        }

        var staleJobs = stale.Select(k => existing[k].JobKey)
            .Where(j => loaded.Set.Find(j.Name) is not { Fires: true } || onceDone.Contains(j.Name))
            .Distinct()
            .ToList();
        if (staleJobs.Count > 0)
        {
            await scheduler.DeleteJobs(staleJobs, cancellationToken);
        }

        var quartzPath = toSchedule.AsEnumerable();
        if (store.Clustered && toSchedule.Count >= BulkTriggerWriter.Threshold)
        {
            // A job row without triggers (left by an older version) keeps Quartz's replace path.
            var storedJobs = (await scheduler.QueryJobs(
                    new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(TriggerPlan.Group), Take = PagedQuery.All }, cancellationToken))
                .Items.Select(j => j.Key).ToHashSet();
            var bulk = toSchedule.Where(kv => !storedJobs.Contains(kv.Key.Key) && BulkTriggerWriter.Fits(kv.Value)).ToList();
            if (bulk.Count >= BulkTriggerWriter.Threshold)
            {
                await bulkWriter.AddAsync(scheduler, bulk, cancellationToken);
                var done = bulk.Select(kv => kv.Key.Key).ToHashSet();
                quartzPath = toSchedule.Where(kv => !done.Contains(kv.Key.Key));
            }
        }

        foreach (var chunk in quartzPath.Chunk(BatchSize))
        {
            await scheduler.ScheduleJobs(chunk.ToDictionary(kv => kv.Key, kv => kv.Value), ScheduleJobOptions.Replacing, cancellationToken);
        }

        var existingJobs = existing.Values.Select(e => e.JobKey).ToHashSet();
        if (before is not null)
        {
            var fresh = toSchedule.Keys.Where(j => !existingJobs.Contains(j.Key)).Select(j => j.Key.Name).ToHashSet(StringComparer.Ordinal);
            await CatchUpAsync(loaded.Set.Valid.Where(s => fresh.Contains(s.Name)), before, now, cancellationToken);
        }

        var rows = loaded.Set.Valid
            .Select(s => new ScheduleDefinitionStatus(s.Name, s.NextFire(now, onceDone.Contains(s.Name)), null))
            .Concat(loaded.Set.Problems.GroupBy(p => p.Schedule)
                .Select(g => new ScheduleDefinitionStatus(g.Key, null, string.Join("; ", g.Select(p => p.ToString())))))
            .ToList();
        await status.SyncAsync(rows, now, cancellationToken);

        var replaced = toSchedule.Keys.Count(j => existingJobs.Contains(j.Key));
        var result = new ReconcileResult(toSchedule.Count - replaced, replaced, stale.Count, kept, loaded.Set.Problems.Count);
        logger.LogInformation(
            "Schedules loaded: {Added} added, {Replaced} changed, {Removed} triggers removed, {Kept} unchanged, {Invalid} invalid",
            result.Added, result.Replaced, result.RemovedTriggers, result.Kept, result.Invalid);
        return result;
    }

    /// <summary>
    /// The in-memory store forgets its triggers when the process stops, so Quartz cannot see what was
    /// missed meanwhile. For <c>misfire: run_once</c> schedules the status table can: a fire due after the
    /// last moment a Scheduler watched the schedule (its last fire or last sync) and older than the misfire
    /// threshold was missed, and gets one run, keyed by the first missed fire so it happens once.
    /// </summary>
    private async Task CatchUpAsync(IEnumerable<CompiledSchedule> schedules, IReadOnlyDictionary<string, Status.ScheduleStatus> before,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var schedule in schedules.Where(s => s.Policies.Misfire == MisfirePolicy.RunOnce && s.Interval.Kind == IntervalKind.Cron))
        {
            if (!before.TryGetValue(schedule.Name, out var row))
            {
                continue;
            }
            var watchedUntil = row.LastFireAt is { } last && last > row.UpdatedAt ? last : row.UpdatedAt;
            if (schedule.NextFire(watchedUntil) is not { } missed || missed > now - options.MisfireThreshold)
            {
                continue;
            }
            var fireKey = FireKeys.For(schedule.Name, missed);
            var outcome = await enqueuer.EnqueueAsync(new ScheduledRunRequest(schedule, fireKey, missed), cancellationToken);
            await status.RecordFireAsync(schedule.Name, missed, fireKey, ScheduleFireJob.OutcomeText(outcome), schedule.NextFire(now), now, cancellationToken);
            logger.LogInformation("Schedule {Schedule} missed its fire at {FireTime:O} while no Scheduler ran; misfire run_once: {Outcome}",
                schedule.Name, missed, ScheduleFireJob.OutcomeText(outcome));
        }
    }
}

public sealed record ReconcileResult(int Added, int Replaced, int RemovedTriggers, int Kept, int Invalid);
