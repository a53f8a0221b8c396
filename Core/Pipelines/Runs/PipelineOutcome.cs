using Tapline.Core.Data.Runs;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>What a whole run (every step) came to; the CLI and the worker write it to the run's row.</summary>
public sealed record PipelineOutcome(
    BlockStatus Status,
    string? Error,
    IReadOnlyDictionary<string, int?> ExitCodes,
    IReadOnlyList<StreamCount> Streams)
{
    public long Records => Streams.Sum(s => s.Records);

    /// <summary>The run row's status for this outcome.</summary>
    public RunStatus RunStatus => Status switch
    {
        BlockStatus.Success => RunStatus.Success,
        BlockStatus.Cancelled => RunStatus.Cancelled,
        BlockStatus.Stalled => RunStatus.Stalled,
        _ => RunStatus.Failed,
    };

    /// <summary>What the run's row records, per-stream records AND bytes included (the run page shows both).</summary>
    public RunOutcome ToRunOutcome(string logPath) => new(RunStatus)
    {
        Error = Error,
        ExitCodes = ExitCodes.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.Value),
        StreamCounts = Streams.GroupBy(s => s.Stream).ToDictionary(g => g.Key, g => new StreamTotals(g.Sum(s => s.Records), g.Sum(s => s.Bytes))),
        Records = Records,
        LogPath = logPath,
    };
}
