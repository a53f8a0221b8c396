namespace Tapline.Core.Data.Runs;

/// <summary>Lifecycle of a row in <c>runs</c>; stored lowercase (the Api and SPA use the same words).</summary>
public enum RunStatus
{
    Queued,
    Running,
    Success,
    Failed,
    Cancelled,
    Dead,

    /// <summary>Ended by the stall watchdog: the extractor printed no Singer message for <c>runner.stall_timeout</c>.</summary>
    Stalled,
}

/// <summary>What the statuses mean to people operating runs; the one place that says which ones count as failures.</summary>
public static class RunStatuses
{
    /// <summary>Failed, dead or stalled: what notifications, the retry policy and "Retry" treat as a failure.</summary>
    public static bool IsFailure(this RunStatus status) => status is RunStatus.Failed or RunStatus.Dead or RunStatus.Stalled;

    public static bool HasEnded(this RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);
}
