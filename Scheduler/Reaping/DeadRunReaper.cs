using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tapline.Core.Data.Runs;

namespace Tapline.Scheduler.Reaping;

/// <summary>
/// Marks runs of dead workers <c>dead</c> from the Scheduler too, so a run whose only worker was
/// killed is not left <c>running</c> until another worker happens to start. Uses the workers'
/// <c>runner:stale_after</c> (default 30 s) and looks every quarter of it.
/// </summary>
public sealed class DeadRunReaper(RunQueue queue, IConfiguration configuration, TimeProvider time, ILogger<DeadRunReaper> logger) : BackgroundService
{
    /// <summary>The workers' default; a worker and the Scheduler must agree on it.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var staleAfter = configuration["runner:stale_after"] is { Length: > 0 } text
            ? TimeSpan.Parse(text, CultureInfo.InvariantCulture)
            : DefaultStaleAfter;
        var reaper = new RunReaper(queue, staleAfter, $"scheduler {Environment.MachineName}:{Environment.ProcessId}", time);
        using var timer = new PeriodicTimer(TimeSpan.FromTicks(Math.Max(staleAfter.Ticks / 4, TimeSpan.FromSeconds(1).Ticks)), time);
        do
        {
            try
            {
                await reaper.ReapAsync(null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Looking for runs of dead workers failed ({Error}); trying again", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
