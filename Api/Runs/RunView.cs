using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Api.Runs;

/// <summary>A run as the list shows it (docs/api.md, Run object).</summary>
public record RunView
{
    public long Id { get; init; }
    public Guid RunId { get; init; }
    public required string StateId { get; init; }
    public required string Status { get; init; }
    public required string Trigger { get; init; }
    public string? ScheduleName { get; init; }
    public string? JobName { get; init; }
    public string? RequestedBy { get; init; }
    public DateTime QueuedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public double? DurationSeconds { get; init; }
    public long Records { get; init; }
    public string? Error { get; init; }
    public string? TraceId { get; init; }
    public required string Block { get; init; }

    /// <summary>The run this one retries by hand (Retry on the run page), from the payload.</summary>
    public long? RetryOf { get; init; }

    /// <summary>The run this one repeats (Re-run on the run page), from the payload.</summary>
    public long? RerunOf { get; init; }

    public static RunView From(RunRecord r) => From(r, RunOptions.TryFromPayload(r.Payload));

    private static RunView From(RunRecord r, RunOptions? options) => new()
    {
        RetryOf = options?.RetryOf,
        RerunOf = options?.RerunOf,
        Id = r.Id,
        RunId = r.RunId,
        StateId = r.StateId,
        Status = Word(r.Status),
        Trigger = Word(r.Trigger),
        ScheduleName = r.ScheduleName,
        JobName = r.JobName,
        RequestedBy = r.RequestedBy,
        QueuedAt = r.QueuedAt,
        StartedAt = r.StartedAt,
        EndedAt = r.EndedAt,
        DurationSeconds = Duration(r),
        Records = r.Records,
        Error = r.Error,
        TraceId = TraceIdOf(r.TraceParent),
        Block = r.Block,
    };

    internal static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    internal static double? Duration(RunRecord r) =>
        r is { StartedAt: { } started, EndedAt: { } ended } ? Math.Round((ended - started).TotalSeconds, 3) : null;

    /// <summary>The trace id of a W3C traceparent (<c>00-traceid-spanid-flags</c>), for a link to the dashboard.</summary>
    internal static string? TraceIdOf(string? traceParent)
    {
        var parts = traceParent?.Split('-');
        return parts is { Length: 4 } && parts[1].Length == 32 ? parts[1] : null;
    }
}
