namespace Tapline.Core.Schedules;

/// <summary>
/// The per-schedule policies (extra keys): <c>misfire</c> skip|run_once [skip], <c>overlap</c>
/// skip|queue [skip], <c>retries</c> [0] with capped exponential backoff, <c>timeout</c> [none],
/// <c>stall_timeout</c> [runner.stall_timeout].
/// </summary>
public sealed record SchedulePolicies(MisfirePolicy Misfire, OverlapPolicy Overlap, int Retries, TimeSpan? Timeout)
{
    /// <summary>The schedule's own stall watchdog limit; null: the project's <c>runner.stall_timeout</c>.</summary>
    public TimeSpan? StallTimeout { get; init; }

    public static readonly SchedulePolicies Default = new(MisfirePolicy.Skip, OverlapPolicy.Skip, 0, null);

    /// <summary>First retry waits this long; each further one twice as long, up to <see cref="RetryCap"/>.</summary>
    public static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(15);

    public const int MaxRetries = 20;

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 = first retry).</summary>
    public static TimeSpan RetryDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryBase.Ticks * factor, RetryCap.Ticks));
        return delay;
    }
}
