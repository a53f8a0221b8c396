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
