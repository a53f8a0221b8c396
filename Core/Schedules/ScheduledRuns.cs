using Tapline.Core.Data.Runs;

namespace Tapline.Core.Schedules;

/// <summary>
/// The run a schedule asks for, built the same way by the Scheduler (a fire), the CLI
/// (<c>tapline schedule run</c>) and the Api (<c>POST /runs {"schedule"}</c>), so their rows look alike.
/// </summary>
public static class ScheduledRuns
{
    /// <param name="fireKey">The fire's unique key; null for a run asked for by hand (never deduplicated).</param>
    public static RunRequest Request(CompiledSchedule schedule, RunTrigger trigger, string? fireKey = null, DateTimeOffset? fireTime = null,
        int attempt = 0, string? environment = null, string? requestedBy = null, string? traceParent = null) =>
        new(schedule.StateId, schedule.Block, trigger)
        {
            ScheduleName = schedule.Name,
            JobName = schedule.Definition.Job,
            FireKey = fireKey,
            RequestedBy = requestedBy,
            Payload = ScheduleRunPayload.For(schedule, fireTime, attempt, environment).ToJson(),
            TraceParent = traceParent,
        };
}
