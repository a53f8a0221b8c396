namespace Tapline.Core.Data.Runs;

/// <summary>What a caller (CLI, Scheduler, Api) asks the queue to run.</summary>
public sealed record RunRequest(string StateId, string Block, RunTrigger Trigger)
{
    public string? ScheduleName { get; init; }
    public string? JobName { get; init; }
    public string? RequestedBy { get; init; }

    /// <summary>Schedule name + fire time; a second enqueue with the same key returns the first run.</summary>
    public string? FireKey { get; init; }

    /// <summary>JSON object of run options (full_refresh, select filters, env, ...).</summary>
    public string? Payload { get; init; }

    /// <summary>W3C traceparent; defaults to the current activity's.</summary>
    public string? TraceParent { get; init; }
}
