using Tapline.Core.Data.Runs;
using Tapline.Core.Insight;

namespace Tapline.Api.Logs;

/// <summary>
/// A run's progress as its row says now: per-stream records and bytes (published by the worker
/// every few seconds while it runs, final once it ended), records/s from the last two samples,
/// and the Singer metrics its plugins logged.
/// </summary>
public sealed record RunProgressView(
    long Id,
    string Status,
    DateTime? StartedAt,
    DateTime? EndedAt,
    long Records,
    IReadOnlyList<StreamProgress> Streams,
    RunMetricsSummary? Metrics)
{
    public static RunProgressView From(long id, RunStatus status, DateTime? startedAt, DateTime? endedAt, long records, string? streamCounts, string? metricsJson)
    {
        var metrics = RunMetricsSummary.FromJson(metricsJson);
        var totals = StreamCountsOf(streamCounts);
        var streams = totals
            .Select(kv => new StreamProgress(kv.Key, kv.Value.Records, kv.Value.Bytes,
                status == RunStatus.Running ? RateOf(metrics?.Streams.GetValueOrDefault(kv.Key)?.Series) : null))
            .OrderBy(s => s.Stream, StringComparer.Ordinal)
            .ToList();
        return new RunProgressView(id, status.ToString().ToLowerInvariant(), startedAt, endedAt, records, streams, metrics);
    }

    /// <summary>Records per second between the last two samples of the stream's series.</summary>
    private static double? RateOf(IReadOnlyList<double[]>? series)
    {
        if (series is not { Count: >= 2 })
        {
            return null;
        }

        var (last, before) = (series[^1], series[^2]);
        var seconds = last[0] - before[0];
        return seconds > 0 ? Math.Round((last[1] - before[1]) / seconds, 1) : null;
    }

    private static Dictionary<string, StreamTotals> StreamCountsOf(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, StreamTotals>>(json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            // Rows written before bytes were kept store bare counts; the run page's stream table shows those.
            return [];
        }
    }
}

/// <summary>One stream of a run: records and bytes so far, and records/s while the run runs.</summary>
public sealed record StreamProgress(string Stream, long Records, long Bytes, double? RecordsPerSecond);
