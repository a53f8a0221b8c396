using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Quartz;
using Tapline.Core.Schedules;
using Tapline.Core.Telemetry;
using Tapline.Scheduler.Status;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// What a trigger does when it fires: enqueue one run for the schedule, keyed by (schedule, fire
/// time) so that the same fire seen by two replicas, or re-fired by Quartz after a crash, is one run.
/// </summary>
public sealed class ScheduleFireJob(
    ScheduleCatalog catalog,
    IRunEnqueuer enqueuer,
    IScheduleStatusStore status,
    TimeProvider time,
    ILogger<ScheduleFireJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.JobDetail.Key.Name;
        var schedule = catalog.Find(name);
        if (schedule is null)
        {
            // The trigger outlived its schedule by at most one reload; the reconciler removes it.
            logger.LogWarning("Schedule {Schedule} fired but is no longer valid in meltano.yml; no run enqueued", name);
            return;
        }

        var fireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var once = schedule.Interval.Kind == IntervalKind.Once;
        var fireKey = once ? FireKeys.ForOnce(name) : FireKeys.For(name, fireTime);
        // The root of the run's trace: the fire, then (through the row's traceparent) the Runner's run and its plugins.
        using var activity = TaplineTelemetry.Source.StartActivity("tapline.schedule.fire", ActivityKind.Producer);
        activity?.SetTag("tapline.schedule", name);
        activity?.SetTag("tapline.fire_key", fireKey);
        var request = new ScheduledRunRequest(schedule, fireKey, fireTime) { TraceParent = activity?.Id ?? Activity.Current?.Id };

        var outcome = await enqueuer.EnqueueAsync(request, cancellationToken);
        var next = schedule.NextFire(fireTime, onceDone: once);
        await status.RecordFireAsync(name, fireTime, fireKey, OutcomeText(outcome), next, time.GetUtcNow(), cancellationToken);

        switch (outcome)
        {
            case EnqueueOutcome.Enqueued:
                logger.LogInformation("Schedule {Schedule} fired for {FireTime:O}: run queued for {StateId} (fire key {FireKey})",
                    name, fireTime, schedule.StateId, fireKey);
                break;
            case EnqueueOutcome.SkippedOverlap:
                logger.LogInformation("Schedule {Schedule} fired for {FireTime:O}: skipped, a run of {StateId} is still queued or running (overlap: skip)",
                    name, fireTime, schedule.StateId);
                break;
            default:
                logger.LogDebug("Schedule {Schedule} fire {FireKey} was already enqueued", name, fireKey);
                break;
        }
    }

    public static string OutcomeText(EnqueueOutcome outcome) => outcome switch
    {
        EnqueueOutcome.Enqueued => "enqueued",
        EnqueueOutcome.Duplicate => "duplicate",
        _ => "skipped_overlap",
    };
}
