using Tapline.Core.Data.Runs;
using Tapline.Core.Singer;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Insight;

/// <summary>
/// The live view of one run, across its blocks: the METRIC lines its plugins log on stderr
/// (aggregated, and exported as OTel metrics as they arrive) and the records and bytes each stream
/// has moved so far (read from the engine's own per-stream tally, so it is true for any tap).
/// Stderr lines arrive on the plugins' log pumps, never on the stdout relay, so the pipe is not slowed;
/// every member is safe to call from any thread.
/// </summary>
public sealed class RunMetrics(TimeProvider? time = null)
{
    /// <summary>Most points a stream's records-over-time series keeps; older ones are thinned out.</summary>
    public const int MaxSeriesPoints = 240;

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly Dictionary<string, StreamAggregate> streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamTotals> finished = new(StringComparer.Ordinal);
    private readonly List<StreamTally> live = [];
    private DateTimeOffset? started;

    /// <summary>Reads one stderr line of <paramref name="plugin"/>; lines without a metric cost one search.</summary>
    public void Observe(string plugin, string line)
    {
        if (SingerMetric.TryParse(line) is { } metric)
        {
            Add(plugin, metric);
        }
    }

    public void Add(string plugin, SingerMetric metric)
    {
        var stream = metric.Stream ?? "";
        lock (gate)
        {
            var aggregate = Aggregate(stream);
            if (metric.Type == "timer")
            {
                if (metric.Metric == "http_request_duration")
                {
                    aggregate.Http.Add(metric.Value);
                    aggregate.HttpErrors += metric.IsError ? 1 : 0;
                }
                else
                {
                    var timer = aggregate.Timers.GetValueOrDefault(metric.Metric);
                    aggregate.Timers[metric.Metric] = new TimerMetrics((timer?.Count ?? 0) + 1, (timer?.Sum ?? 0) + metric.Value, Math.Max(timer?.Max ?? 0, metric.Value));
                }
            }
            else
            {
                aggregate.Counters[metric.Metric] = aggregate.Counters.GetValueOrDefault(metric.Metric) + metric.Value;
            }
        }

        TaplineTelemetry.RecordSingerMetric(plugin, metric);
    }

    /// <summary>The engine's tally of the block now running (the loader's input), read for live progress.</summary>
    public void Track(StreamTally tally)
    {
        lock (gate)
        {
            started ??= clock.GetUtcNow();
            live.Add(tally);
        }
    }

    /// <summary>The block ended: its tally becomes part of the finished totals, and a last point is sampled.</summary>
    public void Complete(StreamTally tally)
    {
        lock (gate)
        {
            if (live.Remove(tally))
            {
                foreach (var (stream, records, bytes) in tally.Snapshot())
                {
                    var before = finished.GetValueOrDefault(stream);
                    finished[stream] = new StreamTotals((before?.Records ?? 0) + records, (before?.Bytes ?? 0) + bytes);
                }
            }

            SampleLocked();
        }
    }

    /// <summary>Records and bytes per stream so far, the running block included.</summary>
    public IReadOnlyDictionary<string, StreamTotals> Totals()
    {
        lock (gate)
        {
            return TotalsLocked();
        }
    }

    /// <summary>Appends a point to each stream's records-over-time series and returns the totals it read.</summary>
    public IReadOnlyDictionary<string, StreamTotals> Sample()
    {
        lock (gate)
        {
            return SampleLocked();
        }
    }

    public RunMetricsSummary Summary()
    {
        lock (gate)
        {
            return new RunMetricsSummary(streams.ToDictionary(
                kv => kv.Key,
                kv => new StreamMetrics(
                    new Dictionary<string, double>(kv.Value.Counters),
                    new Dictionary<string, TimerMetrics>(kv.Value.Timers),
                    kv.Value.Http.Count == 0 ? null : new HttpMetrics(kv.Value.Http.Count, kv.Value.HttpErrors, kv.Value.Http.Quantile(0.5), kv.Value.Http.Quantile(0.95), kv.Value.Http.Max),
                    kv.Value.Series.Count == 0 ? null : [.. kv.Value.Series])));
        }
    }

    private Dictionary<string, StreamTotals> TotalsLocked()
    {
        var totals = new Dictionary<string, StreamTotals>(finished, StringComparer.Ordinal);
        foreach (var tally in live)
        {
            foreach (var (stream, records, bytes) in tally.Snapshot())
            {
                var before = totals.GetValueOrDefault(stream);
                totals[stream] = new StreamTotals((before?.Records ?? 0) + records, (before?.Bytes ?? 0) + bytes);
            }
        }

        return totals;
    }

    private Dictionary<string, StreamTotals> SampleLocked()
    {
        var totals = TotalsLocked();
        var seconds = Math.Round((clock.GetUtcNow() - (started ?? clock.GetUtcNow())).TotalSeconds, 1);
        foreach (var (stream, total) in totals)
        {
            var series = Aggregate(stream).Series;
            if (series.Count > 0 && series[^1][0] == seconds)
            {
                series[^1] = [seconds, total.Records];
                continue;
            }

            series.Add([seconds, total.Records]);
            if (series.Count > MaxSeriesPoints)
            {
                // Every other point goes, the first and last stay: the shape survives, the size is bounded.
                var thinned = series.Where((_, i) => i % 2 == 0 || i == series.Count - 1).ToList();
                series.Clear();
                series.AddRange(thinned);
            }
        }

        return totals;
    }

    private StreamAggregate Aggregate(string stream)
    {
        if (!streams.TryGetValue(stream, out var aggregate))
        {
            aggregate = new StreamAggregate();
            streams[stream] = aggregate;
        }

        return aggregate;
    }

    private sealed class StreamAggregate
    {
        public Dictionary<string, double> Counters { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, TimerMetrics> Timers { get; } = new(StringComparer.Ordinal);

        public DurationSketch Http { get; } = new();

        public long HttpErrors { get; set; }

        public List<double[]> Series { get; } = [];
    }
}
