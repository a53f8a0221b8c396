namespace Tapline.Core.Data.Runs;

/// <summary>What an <see cref="IRunExecutor"/> reports when a run ends; written to the run's row.</summary>
public sealed record RunOutcome(RunStatus Status)
{
    /// <summary>Plugin name -> exit code.</summary>
    public IReadOnlyDictionary<string, int>? ExitCodes { get; init; }
    public string? Error { get; init; }

    /// <summary>Stream name -> records and bytes.</summary>
    public IReadOnlyDictionary<string, StreamTotals>? StreamCounts { get; init; }
    public long Records { get; init; }
    public string? LogPath { get; init; }

    /// <summary>The run's aggregated Singer metrics as JSON (<c>RunMetricsSummary</c>); stored in <c>runs.metrics</c>.</summary>
    public string? Metrics { get; init; }

    public static RunOutcome Success() => new(RunStatus.Success);
    public static RunOutcome Failed(string error) => new(RunStatus.Failed) { Error = error };
    public static RunOutcome Cancelled(string? reason = null) => new(RunStatus.Cancelled) { Error = reason };
}
