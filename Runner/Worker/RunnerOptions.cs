using Microsoft.Extensions.Configuration;

namespace Tapline.Runner.Worker;

/// <summary>The worker's settings, section <c>runner</c> (env: <c>runner__concurrency</c>, ...). Times are TimeSpans (<c>00:05:00</c>).</summary>
public sealed class RunnerOptions
{
    public const string Section = "runner";

    /// <summary>How many runs this worker executes at once.</summary>
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>A running run without heartbeat for this long is reaped as dead.</summary>
    [ConfigurationKeyName("stale_after")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    [ConfigurationKeyName("heartbeat_interval")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the queue and the cancel flags are polled when no NOTIFY arrives.</summary>
    [ConfigurationKeyName("poll_interval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On SIGTERM, how long running runs may finish before they are cancelled.</summary>
    [ConfigurationKeyName("shutdown_grace")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// LISTEN for queue notifications on PostgreSQL (instant wake-up). Turn off behind a pooler
    /// in transaction mode (PgBouncer), which cannot carry LISTEN; the worker then polls.
    /// </summary>
    public bool Listen { get; set; } = true;

    /// <summary>
    /// How long a run's end and its last state are retried through a database outage before the
    /// worker gives up on them (the state then stays under <c>.meltano/run/</c>).
    /// </summary>
    [ConfigurationKeyName("store_retry_limit")]
    public TimeSpan StoreRetryLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often this worker looks for stale runs; by default a quarter of <see cref="StaleAfter"/>, at most a minute.</summary>
    [ConfigurationKeyName("reap_interval")]
    public TimeSpan? ReapInterval { get; set; }

    internal TimeSpan EffectiveReapInterval =>
        ReapInterval ?? TimeSpan.FromTicks(Math.Clamp(StaleAfter.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks));
}
