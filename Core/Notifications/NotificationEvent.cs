namespace Tapline.Core.Notifications;

/// <summary>
/// Something an operator is told about. Statuses are plain text (as stored in <c>runs.status</c>) so that a status
/// this build does not know (e.g. <c>stalled</c> before its enum value exists) still reads.
/// </summary>
public sealed record NotificationEvent(string Kind, DateTime At, string Summary)
{
    public Guid? RunId { get; init; }
    /// <summary>The pipeline: a run's state id, or a schedule's name for schedule events.</summary>
    public string? Pipeline { get; init; }
    public string? Schedule { get; init; }
    public string? Job { get; init; }
    public string? Status { get; init; }
    public string? Error { get; init; }
    /// <summary>For freshness events: the stream whose data is late.</summary>
    public string? Stream { get; init; }
}

/// <summary>The event kinds a rule can name (the words of <c>rules[].events</c> in meltano.yml).</summary>
public static class NotificationEventKinds
{
    public const string RunFailed = "run_failed";
    public const string RunDead = "run_dead";
    public const string RunStalled = "run_stalled";
    public const string RunRecovered = "run_recovered";
    public const string ScheduleBroken = "schedule_broken";
    public const string FreshnessBreached = "freshness_breached";
    /// <summary>Sent by "Send test" and <c>tapline notify test</c>; never matched by rules.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> All =
        [RunFailed, RunDead, RunStalled, RunRecovered, ScheduleBroken, FreshnessBreached];

    /// <summary>The event a run's final status raises, if any (success raises "recovered" only after failures).</summary>
    public static string? ForFailedStatus(string status) => status switch
    {
        "failed" => RunFailed,
        "dead" => RunDead,
        "stalled" => RunStalled,
        _ => null,
    };
}
