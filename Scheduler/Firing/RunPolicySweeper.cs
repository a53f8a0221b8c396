using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// Applies the run-level policies of scheduled runs: <c>timeout</c> (a running run past its limit is
/// cancelled) and <c>retries</c> (a failed or dead run is enqueued again after a capped exponential
/// backoff). Every replica sweeps; the retry's fire key (<c>{fire key}#retryN</c>) makes a retry
/// count once, and a cancel request is idempotent.
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
                logger.LogError(e, "Sweeping scheduled runs for timeouts and retries failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var context = contexts.CreateDbContext();
        var running = await context.Runs.AsNoTracking()
            .Where(r => r.Trigger == RunTrigger.Schedule && r.Status == RunStatus.Running && !r.CancelRequested && r.Payload != null)
            .Select(r => new { r.Id, r.ScheduleName, r.StartedAt, r.Payload })
            .ToListAsync(cancellationToken);
        foreach (var run in running)
        {
            var payload = ScheduleRunPayload.Parse(run.Payload);
            if (payload?.TimeoutSeconds is { } limit && run.StartedAt is { } started && now - started > TimeSpan.FromSeconds(limit))
            {
                if (await queue.RequestCancelAsync(run.Id, cancellationToken))
                {
                    logger.LogWarning("Run {RunId} of schedule {Schedule} exceeded its timeout of {Timeout} s; cancel requested",
                        run.Id, run.ScheduleName, limit);
                }
            }
        }

        var horizon = now - TimeSpan.FromDays(1);
        var failed = await context.Runs.AsNoTracking()
            .Where(r => r.Trigger == RunTrigger.Schedule && (r.Status == RunStatus.Failed || r.Status == RunStatus.Dead)
                        && r.EndedAt != null && r.EndedAt > horizon && r.FireKey != null && r.Payload != null)
            .ToListAsync(cancellationToken);
        foreach (var run in failed)
        {
            var payload = ScheduleRunPayload.Parse(run.Payload);
            if (payload is null || payload.Attempt >= payload.Retries)
            {
                continue;
            }
            var attempt = payload.Attempt + 1;
            if (run.EndedAt!.Value + SchedulePolicies.RetryDelay(attempt) > now)
            {
                continue;
            }
            var request = new RunRequest(run.StateId, run.Block, RunTrigger.Schedule)
            {
                ScheduleName = run.ScheduleName,
                JobName = run.JobName,
                FireKey = FireKeys.ForRetry(FireKeys.WithoutRetry(run.FireKey!), attempt),
                Payload = JsonSerializer.Serialize(payload with { Attempt = attempt }),
                TraceParent = run.TraceParent,
            };
            var result = await queue.EnqueueAsync(request, cancellationToken);
            if (result.Created)
            {
                logger.LogInformation("Run {RunId} of schedule {Schedule} {Status}; retry {Attempt} of {Retries} queued as run {RetryId}",
                    run.Id, run.ScheduleName, run.Status, attempt, payload.Retries, result.Run.Id);
            }
        }
    }
}
