using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tapline.Core.Singer;

namespace Tapline.Core.Telemetry;

/// <summary>
/// The one ActivitySource and Meter named "Tapline" that ServiceDefaults subscribes to, so a
/// run and its plugin processes show up as spans and counters in the Aspire dashboard.
/// </summary>
public static class TaplineTelemetry
{
    public const string Name = "Tapline";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RecordsPiped =
        Meter.CreateCounter<long>("tapline.records", unit: "{record}", description: "RECORD messages piped into loaders");

    public static readonly Counter<long> BytesPiped =
        Meter.CreateCounter<long>("tapline.bytes", unit: "By", description: "Bytes piped between plugins");

    public static readonly Counter<long> RunsStarted =
        Meter.CreateCounter<long>("tapline.runs.started", unit: "{run}", description: "Blocks started");

    public static readonly Counter<long> RunsFinished =
        Meter.CreateCounter<long>("tapline.runs.finished", unit: "{run}", description: "Blocks finished, by status");

    public static readonly Histogram<double> RunDuration =
        Meter.CreateHistogram<double>("tapline.run.duration", unit: "s", description: "Duration of a block run");

    public static readonly Counter<double> SingerCounter =
        Meter.CreateCounter<double>("tapline.singer.counter", description: "Singer METRIC counters plugins logged (record_count, ...), by metric, plugin and stream");

    public static readonly Histogram<double> SingerHttpDuration =
        Meter.CreateHistogram<double>("tapline.singer.http.duration", unit: "s", description: "Singer http_request_duration timers plugins logged, by plugin, stream and status");

    public static readonly Histogram<double> SingerTimer =
        Meter.CreateHistogram<double>("tapline.singer.timer", unit: "s", description: "Other Singer METRIC timers (sync_duration, batch_processing_time, ...), by metric, plugin and stream");

    /// <summary>Exports one METRIC line; only low-cardinality tags (no pid, no context, no endpoint).</summary>
    public static void RecordSingerMetric(string plugin, SingerMetric metric)
    {
        var tags = new TagList { { "tapline.plugin", plugin }, { "singer.stream", metric.Stream ?? "" } };
        if (metric.Type == "timer" && metric.Metric == "http_request_duration")
        {
            tags.Add("singer.status", metric.IsError ? "failed" : "succeeded");
            SingerHttpDuration.Record(metric.Value, tags);
        }
        else if (metric.Type == "timer")
        {
            tags.Add("singer.metric", metric.Metric);
            SingerTimer.Record(metric.Value, tags);
        }
        else
        {
            tags.Add("singer.metric", metric.Metric);
            SingerCounter.Add(metric.Value, tags);
        }
    }
}
