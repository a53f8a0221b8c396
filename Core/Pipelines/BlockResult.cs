namespace Tapline.Core.Pipelines;

public enum BlockStatus
{
    Success,
    Failed,
    Cancelled,

    /// <summary>The extractor made no progress for the stall timeout; its plugins were stopped.</summary>
    Stalled,
}

/// <summary>RECORD lines and their bytes (newline included) that reached the loader for one stream.</summary>
public sealed record StreamCount(string Stream, long Records, long Bytes);

/// <summary>What happened in one block run.</summary>
/// <param name="ExitCodes">Per plugin name; null when the process never started.</param>
/// <param name="Error">Summary a person can act on, e.g. "Loader failed: target-jsonl exited with code 1".</param>
/// <param name="PluginDurations">Wall time of each plugin process that ran, start to exit.</param>
public sealed record BlockResult(
    BlockStatus Status,
    IReadOnlyDictionary<string, int?> ExitCodes,
    IReadOnlyList<StreamCount> Streams,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int StatesSaved,
    IReadOnlyDictionary<string, TimeSpan> PluginDurations)
{
    public TimeSpan Duration => EndedAt - StartedAt;

    public long Records => Streams.Sum(s => s.Records);
}
