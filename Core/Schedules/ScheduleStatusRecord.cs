namespace Tapline.Core.Schedules;

/// <summary>
/// One row of <c>schedule_status</c>: what the Scheduler knows about a schedule that meltano.yml
/// cannot say — when it fires next, when it last fired and what came of it, and why it cannot run.
/// Written by the Scheduler (every replica; later fires win), read by the Api (<c>ScheduleReader</c>) for the UI.
/// </summary>
public sealed class ScheduleStatusRecord
{
    public required string Name { get; set; }
    public DateTime? NextFireAt { get; set; }
    public DateTime? LastFireAt { get; set; }
    public string? LastFireKey { get; set; }

    /// <summary>enqueued | duplicate | skipped_overlap.</summary>
    public string? LastOutcome { get; set; }

    /// <summary>Why the schedule cannot run (bad cron, unknown plugin or job), naming file, line and field; null when valid.</summary>
    public string? Error { get; set; }
    public DateTime UpdatedAt { get; set; }
}
