namespace Tapline.Core.Data.Runs;

/// <summary>
/// One row of <c>runs</c>: the queue entry and the history record of a pipeline run.
/// JSON columns are kept as JSON text so both providers store them the same way.
/// </summary>
public sealed class RunRecord
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public required string StateId { get; set; }
    public RunStatus Status { get; set; }
    public RunTrigger Trigger { get; set; }
    public string? ScheduleName { get; set; }
    public string? JobName { get; set; }

    /// <summary>The pipeline as Meltano writes it, e.g. <c>tap-csv target-jsonl</c>.</summary>
    public required string Block { get; set; }
    public string? RequestedBy { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public DateTime? HeartbeatAt { get; set; }

    /// <summary><c>host:pid</c> of the Runner that claimed the run.</summary>
    public string? WorkerId { get; set; }

    /// <summary>
    /// Fencing token of the lease on this row: raised when a worker claims the run and again when
    /// the run is reaped, so a write that names an older epoch (a zombie worker's) matches no row.
    /// </summary>
    public long LeaseEpoch { get; set; }

    /// <summary>JSON object: plugin name -> exit code.</summary>
    public string? ExitCodes { get; set; }
    public string? Error { get; set; }

    /// <summary>JSON object: stream name -> record count.</summary>
    public string? StreamCounts { get; set; }
    public long Records { get; set; }

    /// <summary>JSON: the run's Singer METRIC lines aggregated per stream (<c>RunMetricsSummary</c>).</summary>
    public string? Metrics { get; set; }
    public string? LogPath { get; set; }

    /// <summary>W3C traceparent of the activity that queued the run.</summary>
    public string? TraceParent { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>Schedule name + fire time; unique so a fire is enqueued at most once.</summary>
    public string? FireKey { get; set; }

    /// <summary>JSON object with the run's options (full_refresh, select filters, env, ...).</summary>
    public string? Payload { get; set; }
}
