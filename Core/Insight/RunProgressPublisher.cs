using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;

namespace Tapline.Core.Insight;

/// <summary>
/// Writes a running run's live per-stream totals and metrics onto its row (<c>runs.stream_counts</c>,
/// <c>records</c>, <c>metrics</c>) every few seconds, so the Api, another process, can stream them to
/// the browser. One UPDATE per interval at most, none while nothing moved; fenced by the lease, so a
/// worker that lost the run writes nothing; the final outcome overwrites it.
/// </summary>
public static class RunProgressPublisher
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(SystemDbContextFactory database, RunRecord run, RunMetrics metrics, TimeSpan interval, CancellationToken cancellationToken)
    {
        string? published = null;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var totals = metrics.Sample();
                var counts = System.Text.Json.JsonSerializer.Serialize(totals, Data.Runs.RunJsonContext.Default.IReadOnlyDictionaryStringStreamTotals);
                if (counts == published || totals.Count == 0)
                {
                    continue;
                }

                try
                {
                    await PublishAsync(database, run, counts, totals.Values.Sum(t => t.Records), metrics.Summary().ToJson(), cancellationToken).ConfigureAwait(false);
                    published = counts;
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // Progress is best effort: the next tick tries again, the outcome is written at the end anyway.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    private static async Task PublishAsync(SystemDbContextFactory database, RunRecord run, string counts, long records, string metrics, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        await db.Runs
            .Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.LeaseEpoch == run.LeaseEpoch)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StreamCounts, counts)
                .SetProperty(r => r.Records, records)
                .SetProperty(r => r.Metrics, metrics), cancellationToken).ConfigureAwait(false);
    }
}
