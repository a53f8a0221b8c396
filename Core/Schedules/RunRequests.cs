using System.Diagnostics;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Core.Schedules;

/// <summary>
/// The one builder of queued run requests. A request carries the current trace (the Api request, the
/// Scheduler's fire) as its traceparent, so the run is one trace from enqueue to end. A schedule's run is the same row whether the Scheduler
/// fires it, the UI's "Run now" asks for it (<c>POST /runs {"schedule"}</c>), <c>tapline schedule run</c>
/// queues it or the retry sweeper repeats it: same state id, block, and payload (environment, the
/// schedule's <c>env:</c> and <c>timeout</c>, retries).
/// </summary>
public static class RunRequests
{
    /// <param name="fireKey">The fire's unique key; null for a run asked for by hand (never deduplicated).</param>
    public static RunRequest ForSchedule(CompiledSchedule schedule, RunTrigger trigger, string? fireKey = null, DateTimeOffset? fireTime = null,
        int attempt = 0, string? environment = null, string? requestedBy = null, string? traceParent = null) =>
        new(schedule.StateId, schedule.Block, trigger)
        {
            ScheduleName = schedule.Name,
            JobName = schedule.Definition.Job,
            FireKey = fireKey,
            RequestedBy = requestedBy,
            Payload = Options(schedule, fireTime, attempt, environment).ToPayload(),
            TraceParent = traceParent ?? Activity.Current?.Id,
        };

    /// <summary>A job run asked for by hand (<c>POST /runs {"job"}</c>): the job's state id and block as a job schedule would have them.</summary>
    public static RunRequest ForJob(string job, ScheduleContext context, RunTrigger trigger, string? requestedBy = null)
    {
        var (stateId, block) = ScheduleCompiler.JobRun(job, context);
        return new RunRequest(stateId, block, trigger)
        {
            JobName = job,
            RequestedBy = requestedBy,
            Payload = new RunOptions { Environment = context.Environment }.ToPayload(),
            TraceParent = Activity.Current?.Id,
        };
    }

    /// <summary>Retry number <paramref name="attempt"/> of a failed scheduled run: the same row again, in the same trace.</summary>
    public static RunRequest Retry(RunRecord failed, RunOptions payload, int attempt) =>
        new(failed.StateId, failed.Block, RunTrigger.Schedule)
        {
            ScheduleName = failed.ScheduleName,
            JobName = failed.JobName,
            FireKey = FireKeys.ForRetry(FireKeys.WithoutRetry(failed.FireKey!), attempt),
            Payload = (payload with { Attempt = attempt }).ToPayload(),
            TraceParent = failed.TraceParent,
        };

    /// <summary>
    /// A finished run again, asked for by hand, with the options it was asked with (full refresh, selection, env,
    /// schedule policies); a new run of its own, not one of a fire, so neither deduplicated nor swept for retries.
    /// </summary>
    public static RunRequest Rerun(RunRecord original, string? requestedBy) =>
        ByHand(original, requestedBy, RunOptions.FromPayload(original.Payload) with { RerunOf = original.Id, RetryOf = null });

    /// <summary>
    /// A failed, dead or stalled run retried by hand from its last saved state: the same pipeline as a normal
    /// incremental run (a full refresh it was asked with is not repeated: the state it reached is the point).
    /// </summary>
    public static RunRequest RetryFromState(RunRecord failed, string? requestedBy) =>
        ByHand(failed, requestedBy, RunOptions.FromPayload(failed.Payload) with
        {
            RetryOf = failed.Id,
            RerunOf = null,
            FullRefresh = false,
            FullRefreshStreams = [],
        });

    private static RunRequest ByHand(RunRecord original, string? requestedBy, RunOptions options) =>
        new(original.StateId, original.Block, RunTrigger.Api)
        {
            ScheduleName = original.ScheduleName,
            JobName = original.JobName,
            RequestedBy = requestedBy,
            Payload = (options with { Attempt = 0, FireTime = null }).ToPayload(),
            TraceParent = Activity.Current?.Id,
        };

    /// <summary>The same request with a full refresh of these streams only (the UI's "Backfill stream", the Api's <c>fullRefreshStreams</c>).</summary>
    public static RunRequest WithFullRefreshOf(RunRequest request, IReadOnlyList<string> streams) => streams.Count == 0
        ? request
        : request with { Payload = (RunOptions.FromPayload(request.Payload) with { FullRefreshStreams = streams }).ToPayload() };

    /// <summary>What a scheduled run carries in <c>runs.payload</c>; the Runner executes it as it is.</summary>
    public static RunOptions Options(CompiledSchedule schedule, DateTimeOffset? fireTime, int attempt = 0, string? environment = null) => new()
    {
        Environment = environment ?? schedule.Environment,
        Schedule = schedule.Name,
        StateId = schedule.Kind == ScheduleKind.Elt ? schedule.StateId : null,
        Env = schedule.Definition.Env,
        Transform = schedule.Definition.Transform,
        Retries = schedule.Policies.Retries,
        Attempt = attempt,
        TimeoutSeconds = schedule.Policies.Timeout?.TotalSeconds,
        StallTimeoutSeconds = schedule.Policies.StallTimeout?.TotalSeconds,
        FireTime = fireTime,
    };
}
