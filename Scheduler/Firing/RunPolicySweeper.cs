using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// Applies the <c>retries</c> policy of scheduled runs: a failed, dead or stalled run is enqueued again after
/// a capped exponential backoff. Every replica sweeps; the retry's fire key
/// (<c>{fire key}#retryN</c>) makes each retry count once. (The <c>timeout</c> policy travels in the
/// payload as <c>timeout_seconds</c>, which the Runner's engine enforces.)
/// </summary>
public sealed class RunPolicySweeper(
    RunQueue queue,
    SystemDbContextFactory contexts,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<RunPolicySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PolicySweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Sweeping failed scheduled runs for retries failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = contexts.CreateDbContext();
        var horizon = now - TimeSpan.FromDays(1);
        var failed = await context.Runs.AsNoTracking()
            .Where(r => r.Trigger == RunTrigger.Schedule && (r.Status == RunStatus.Failed || r.Status == RunStatus.Dead || r.Status == RunStatus.Stalled)
                        && r.EndedAt != null && r.EndedAt > horizon && r.FireKey != null && r.Payload != null)
            .ToListAsync(cancellationToken);
        foreach (var run in failed)
        {
            var payload = RunOptions.TryFromPayload(run.Payload);
            if (payload is null || payload.Attempt >= payload.Retries)
            {
                continue;
            }
            var attempt = payload.Attempt + 1;
            if (run.EndedAt!.Value + SchedulePolicies.RetryDelay(attempt) > now)
            {
                continue;
            }
            var result = await queue.EnqueueAsync(RunRequests.Retry(run, payload, attempt), cancellationToken);
            if (result.Created)
            {
                logger.LogInformation("Run {RunId} of schedule {Schedule} {Status}; retry {Attempt} of {Retries} queued as run {RetryId}",
                    run.Id, run.ScheduleName, run.Status, attempt, payload.Retries, result.Run.Id);
            }
        }
    }
}
