namespace Tapline.Scheduler.Status;

/// <summary>
/// What the Api shows next to a schedule (table <c>schedule_status</c>): when it fires next, when
/// it last fired and how that went, and why it cannot run when meltano.yml is wrong.
/// </summary>
public sealed record ScheduleStatus(
    string Name,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? LastFireAt,
    string? LastFireKey,
    string? LastOutcome,
    string? Error,
    DateTimeOffset UpdatedAt);
