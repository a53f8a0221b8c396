using System.Diagnostics;

namespace Tapline.Core.Pipelines;

/// <summary>
/// The stall watchdog of one block: a tap that hangs without failing (Meltano #6272, #8579) is
/// noticed when the extractor's progress counter stays still for the limit while its stdout is open.
/// Polling a counter keeps the relay's hot path free of clocks.
/// </summary>
internal static class StallWatchdog
{
    /// <summary>True when <paramref name="progress"/> did not move for <paramref name="limit"/>; false once <paramref name="watching"/> says the extractor's output ended, or on cancel.</summary>
    public static async Task<bool> WatchAsync(Func<long> progress, Func<bool> watching, TimeSpan limit, CancellationToken cancellationToken)
    {
        // A few looks per limit: a stall is reported within a fraction of it, and an idle run costs nothing.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(limit.TotalMilliseconds / 4, 50, 1000));
        using var timer = new PeriodicTimer(period);
        var last = progress();
        var lastMoved = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!watching())
                {
                    return false;
                }

                var now = progress();
                if (now != last)
                {
                    last = now;
                    lastMoved = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(lastMoved) >= limit)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The block ended first.
        }

        return false;
    }
}
