using Tapline.Core.Data.State;
using Tapline.Core.Insight;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>Where one run's state, log and console output go.</summary>
/// <param name="RunId">The run row's run_id (Meltano's run id, part of the log path).</param>
/// <param name="LogPath">The run's elt.log; every step appends to it.</param>
/// <param name="State">The system database's state store; null keeps no state (no environment, or tests).</param>
public sealed record PipelineRunContext(Guid RunId, string LogPath, StateStore? State)
{
    /// <summary>Each log line is also echoed here (the CLI's console).</summary>
    public Action<string>? Console { get; init; }

    /// <summary>The run's live progress and Singer metrics, shared by its blocks (the worker publishes it while the run runs).</summary>
    public RunMetrics Metrics { get; init; } = new();
}
