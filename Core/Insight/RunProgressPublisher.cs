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
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
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

    /// <summary>
    /// One UPDATE of the row's live totals, only while the run is running under <paramref name="run"/>'s lease
    /// (its epoch); plain SQL, as every statement of the worker's run path. Returns the rows changed (0 or 1).
    /// </summary>
    internal static async Task<int> PublishAsync(SystemDbContextFactory database, RunRecord run, string counts, long records, string metrics, CancellationToken cancellationToken)
    {
        var sql = database.Sql;
        await using var connection = await sql.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = sql.Command(connection,
            "UPDATE runs SET stream_counts = @counts, records = @records, metrics = @metrics WHERE id = @id AND status = @running AND lease_epoch = @epoch",
            null, ("counts", counts), ("records", records), ("metrics", metrics), ("id", run.Id), ("running", RunStatus.Running), ("epoch", run.LeaseEpoch));
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
