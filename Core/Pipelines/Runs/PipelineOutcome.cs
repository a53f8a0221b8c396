namespace Tapline.Core.Pipelines.Runs;

/// <summary>What a whole run (every step) came to; the CLI and the worker write it to the run's row.</summary>
public sealed record PipelineOutcome(
    BlockStatus Status,
    string? Error,
    IReadOnlyDictionary<string, int?> ExitCodes,
    IReadOnlyList<StreamCount> Streams)
{
    public long Records => Streams.Sum(s => s.Records);
}
