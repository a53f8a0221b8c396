using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// Enqueues scheduled runs through the system database's run queue (both providers; on PostgreSQL
/// its NOTIFY wakes idle Runners at once). The unique <c>runs.fire_key</c> index makes a fire count
/// once across replicas and re-fires. The overlap check reads before the insert; the only thing it
/// can race with is a different fire of the same state id at the same instant (two schedules of
/// one job), where running both is the lesser harm.
/// </summary>
public sealed class QueueRunEnqueuer(RunQueue queue, SystemDbContextFactory contexts, SchedulerOptions options) : IRunEnqueuer
{
    public async ValueTask<EnqueueOutcome> EnqueueAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        var s = request.Schedule;
        if (s.Policies.Overlap == OverlapPolicy.Skip)
        {
            await using var context = contexts.CreateDbContext();
            var busy = await context.Runs.AsNoTracking().AnyAsync(
                r => r.StateId == s.StateId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running) && r.FireKey != request.FireKey,
                cancellationToken);
            if (busy)
            {
                return await FireKeyExistsAsync(request.FireKey, cancellationToken) ? EnqueueOutcome.Duplicate : EnqueueOutcome.SkippedOverlap;
            }
        }

        var run = RunRequests.ForSchedule(s, RunTrigger.Schedule, request.FireKey, request.FireTime, request.Attempt,
            options.Environment, traceParent: request.TraceParent);
        var result = await queue.EnqueueAsync(run, cancellationToken);
        return result.Created ? EnqueueOutcome.Enqueued : EnqueueOutcome.Duplicate;
    }

    public async ValueTask<bool> FireKeyExistsAsync(string fireKey, CancellationToken cancellationToken)
    {
        await using var context = contexts.CreateDbContext();
        return await context.Runs.AsNoTracking().AnyAsync(r => r.FireKey == fireKey, cancellationToken);
    }
}
