using System.Text.Json;

namespace Tapline.Core.Pipelines;

/// <summary>Options of one block run. Names follow Meltano's settings where one exists.</summary>
public sealed record BlockOptions
{
    /// <summary>Meltano's default <c>elt.buffer_size</c>: 100 MiB.</summary>
    public const int DefaultBufferSize = 100 * 1024 * 1024;

    /// <summary><c>elt.buffer_size</c>: the longest line a plugin may print on stdout.</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>The whole run fails with a clear reason past this; null means no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The stall watchdog (<c>runner.stall_timeout</c>): the block ends <see cref="BlockStatus.Stalled"/> when the
    /// extractor prints no Singer message this long while it runs; null means no watchdog.
    /// </summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>Between SIGTERM and SIGKILL when children are stopped.</summary>
    public TimeSpan TerminationGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The elt.log file (see <see cref="EltLogPath"/>); null writes no file.</summary>
    public string? LogFilePath { get; init; }

    /// <summary>Each formatted log line is also handed here (console echo); may be null.</summary>
    public Action<string>? ConsoleSink { get; init; }

    /// <summary>Used for telemetry tags and log lines only; state handling is the caller's.</summary>
    public string? StateId { get; init; }

    public Guid RunId { get; init; } = Guid.NewGuid();

    /// <summary>
    /// Called, in order and at once, with each valid state value the loader prints on stdout.
    /// Invalid or empty state never reaches it. An exception fails the run (state must not be lost silently).
    /// </summary>
    public Func<JsonElement, CancellationToken, Task>? StateSink { get; init; }

    /// <summary>Lets tests cover the plain read/write path that platforms without tee(2) take.</summary>
    internal bool ForwardWithTee { get; init; } = true;
}
