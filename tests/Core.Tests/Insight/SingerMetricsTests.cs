using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Insight;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Singer;
using Tapline.Core.Tests.Data;
using Fake = Tapline.Core.Tests.Pipelines.Plugins;

namespace Tapline.Core.Tests.Insight;

public sealed class SingerMetricsTests
{
    private static string Recording(string name) => Path.Combine(Fake.Recordings, name);

    /// <summary>A tap that logs a real SDK tap's stderr and prints its real stdout.</summary>
    private static PluginProcess ReplayTap(string stderr, string stdout) =>
        Fake.Sh("tap-smoke-test", $"cat {Fake.Quote(Recording(stderr))} >&2; cat {Fake.Quote(Recording(stdout))}");

    [Fact]
    public void A_recorded_SDK_metric_line_is_parsed_with_its_stream_and_status()
    {
        var line = File.ReadLines(Recording("tap-smoke-test.stderr.log")).First(l => l.Contains("sync_duration", StringComparison.Ordinal));

        var metric = SingerMetric.TryParse(line);

        Assert.NotNull(metric);
        Assert.Equal("timer", metric.Type);
        Assert.Equal("sync_duration", metric.Metric);
        Assert.Equal("animals", metric.Stream);
        Assert.Equal("succeeded", metric.Status);
        Assert.False(metric.IsError);
    }

    [Theory]
    [InlineData("2026-11-30 22:58:13,750 | INFO | tap | Beginning full_table sync of 'orders'...")]
    [InlineData("METRIC: not json")]
    [InlineData("METRIC: {\"type\":\"counter\",\"metric\":\"record_count\"}")]
    [InlineData("METRIC: {\"type\":\"counter\",\"metric\":\"record_count\",\"value\":\"12\"}")]
    public void A_line_without_a_well_formed_metric_is_no_metric(string line) => Assert.Null(SingerMetric.TryParse(line));

    [Fact]
    public async Task Metric_lines_a_real_SDK_tap_logged_are_aggregated_per_stream_while_the_pipe_runs()
    {
        var metrics = new RunMetrics();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            ReplayTap("tap-smoke-test.stderr.log", "tap-smoke-test.sync.jsonl"),
            [],
            Fake.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { Metrics = metrics }));

        Assert.Equal(BlockStatus.Success, result.Status);
        var summary = metrics.Summary();
        Assert.Equal(10, summary.Streams["animals"].Counters["record_count"]);
        Assert.Equal(10, summary.Streams["pageviews"].Counters["record_count"]);
        var sync = summary.Streams["pageviews"].Timers["sync_duration"];
        Assert.Equal(1, sync.Count);
        Assert.InRange(sync.Sum, 0.0018, 0.0019);
        // The engine's own tally of the same run agrees with what the tap said it sent.
        Assert.Equal(10, metrics.Totals()["animals"].Records);
        Assert.NotNull(summary.Streams["animals"].Series);
    }

    [Fact]
    public void Http_request_durations_give_p50_p95_and_the_failed_requests()
    {
        var metrics = new RunMetrics();
        for (var i = 1; i <= 100; i++)
        {
            var failed = i % 25 == 0;
            var code = failed ? 503 : 200;
            var status = failed ? "failed" : "succeeded";
            var value = (i / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            metrics.Observe("tap-api", "INFO | singer_sdk.metrics | METRIC: {\"type\":\"timer\",\"metric\":\"http_request_duration\",\"value\":" + value
                + ",\"tags\":{\"stream\":\"users\",\"endpoint\":\"/users\",\"http_status_code\":" + code + ",\"status\":\"" + status + "\"}}");
        }

        var http = metrics.Summary().Streams["users"].Http;

        Assert.NotNull(http);
        Assert.Equal(100, http.Requests);
        Assert.Equal(4, http.Errors);
        Assert.InRange(http.P50!.Value, 0.50 * 0.975, 0.50 * 1.025);
        Assert.InRange(http.P95!.Value, 0.95 * 0.975, 0.95 * 1.025);
        Assert.Equal(1.0, http.Max);
    }

    [Fact]
    public void A_long_run_keeps_a_bounded_records_over_time_series()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var metrics = new RunMetrics(clock);
        var tally = new StreamTally();
        metrics.Track(tally);
        for (var i = 0; i < 1000; i++)
        {
            tally.Add("orders"u8, 10);
            clock.Advance(TimeSpan.FromSeconds(3));
            metrics.Sample();
        }

        var series = metrics.Summary().Streams["orders"].Series!;

        Assert.InRange(series.Count, RunMetrics.MaxSeriesPoints / 2, RunMetrics.MaxSeriesPoints);
        Assert.Equal([3000.0, 1000.0], series[^1]);
        Assert.True(series.Zip(series.Skip(1)).All(p => p.First[0] < p.Second[0] && p.First[1] <= p.Second[1]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_metrics_of_a_run_are_stored_on_its_row(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var run = await queue.StartDirectAsync(new RunRequest("dev:tap-csv-to-target-x", "tap-csv target-x", RunTrigger.Cli), "test");
        var metrics = new RunMetrics();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            ReplayTap("meltanolabs-tap-csv.stderr.log", "meltanolabs-tap-csv.sync.jsonl"),
            [],
            Fake.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { Metrics = metrics }));
        var outcome = new PipelineOutcome(result.Status, result.Error, result.ExitCodes, result.Streams) { Metrics = metrics.Summary() };

        Assert.True(await queue.CompleteAsync(run.Id, "test", outcome.ToRunOutcome("elt.log")));

        await using var db = factory.CreateDbContext();
        var stored = RunMetricsSummary.FromJson(await db.Runs.Where(r => r.Id == run.Id).Select(r => r.Metrics).SingleAsync());
        Assert.NotNull(stored);
        Assert.Equal(1100, stored.Streams["orders"].Counters["record_count"]);
        Assert.Equal(1, stored.Streams["orders"].Timers["sync_duration"].Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_running_run_publishes_its_live_stream_totals_on_its_row(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var run = await queue.StartDirectAsync(new RunRequest("dev:tap-x-to-target-x", "tap-x target-x", RunTrigger.Cli), "test");
        var metrics = new RunMetrics();
        var tally = new StreamTally();
        metrics.Track(tally);
        tally.Add("orders"u8, 100);
        tally.Add("orders"u8, 100);
        using var stop = new CancellationTokenSource();
        var publisher = RunProgressPublisher.RunAsync(factory, run, metrics, TimeSpan.FromMilliseconds(50), stop.Token);

        RunRecord row;
        do
        {
            await Task.Delay(50);
            await using var db = factory.CreateDbContext();
            row = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == run.Id);
        }
        while (row.Records == 0);
        await stop.CancelAsync();
        await publisher;

        Assert.Equal(RunStatus.Running, row.Status);
        Assert.Equal(2, row.Records);
        Assert.Contains("\"bytes\":200", row.StreamCounts, StringComparison.Ordinal);
    }
}
