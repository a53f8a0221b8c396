using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Insight;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Data;

/// <summary>
/// The documents a run stores are written with source-generated metadata (<see cref="RunJsonContext"/>); rows written
/// before, and by other services, must read the same. Each document is compared with what reflection writes under the
/// same options, so a property added later that the generator would treat differently fails here.
/// </summary>
public sealed class RunJsonContextTests
{
    private static JsonSerializerOptions ReflectionTwin(Type owner)
    {
        var options = (JsonSerializerOptions)owner.GetField("Json", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        return new JsonSerializerOptions(options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
    }

    [Fact]
    public void A_run_payload_is_written_as_reflection_wrote_it_and_reads_back()
    {
        var options = new RunOptions
        {
            Environment = "prod",
            FullRefresh = true,
            FullRefreshStreams = ["orders"],
            RefreshCatalog = true,
            NoStateUpdate = true,
            StateIdSuffix = "suffix",
            StateId = "prod:tap-a-to-target-b",
            StateStrategy = StateStrategy.Overwrite,
            SelectFilter = ["orders", "!customers"],
            Env = new Dictionary<string, string> { ["TAP_A_START"] = "2026-01-01" },
            TimeoutSeconds = 90.5,
            StallTimeoutSeconds = 30,
            Schedule = "nightly",
            Transform = "skip",
            Retries = 2,
            Attempt = 1,
            FireTime = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero),
            RetryOf = 41,
            RerunOf = 40,
        };

        var payload = options.ToPayload();

        Assert.Equal(JsonSerializer.Serialize(options, ReflectionTwin(typeof(RunOptions))), payload);
        Assert.Contains("\"state_strategy\":\"overwrite\"", payload);
        Assert.Contains("\"full_refresh_streams\":[\"orders\"]", payload);
        var back = RunOptions.FromPayload(payload);
        Assert.Equal(payload, back.ToPayload());
        Assert.Equal(["orders", "!customers"], back.SelectFilter);
        Assert.Equal("2026-01-01", back.Env!["TAP_A_START"]);
        Assert.Equal(JsonSerializer.Serialize(new RunOptions(), ReflectionTwin(typeof(RunOptions))), new RunOptions().ToPayload());
    }

    [Fact]
    public void Run_metrics_are_written_as_reflection_wrote_them_and_leave_out_what_is_absent()
    {
        var summary = new RunMetricsSummary(new Dictionary<string, StreamMetrics>
        {
            ["orders"] = new(
                new Dictionary<string, double> { ["record_count"] = 20 },
                new Dictionary<string, TimerMetrics> { ["sync_duration"] = new(1, 0.25, 0.25) },
                new HttpMetrics(3, 1, 0.1, null, 0.4),
                [[0.5, 10], [1.0, 20]]),
            [""] = new(new Dictionary<string, double>(), new Dictionary<string, TimerMetrics>(), null, null),
        });

        var json = summary.ToJson();

        Assert.Equal(JsonSerializer.Serialize(summary, ReflectionTwin(typeof(RunMetricsSummary))), json);
        Assert.DoesNotContain("null", json);
        Assert.Equal(json, RunMetricsSummary.FromJson(json)!.ToJson());
    }

    [Fact]
    public void Exit_codes_stream_totals_and_a_spilled_state_are_written_as_reflection_wrote_them()
    {
        IReadOnlyDictionary<string, int> exitCodes = new Dictionary<string, int> { ["tap-a"] = 0, ["target-b"] = 1 };
        IReadOnlyDictionary<string, StreamTotals> totals = new Dictionary<string, StreamTotals> { ["orders"] = new(20, 5400) };
        var spilled = new SpilledState("dev:tap-a-to-target-b", "{\"bookmarks\":{}}", null, Guid.Parse("6ec1a72c-5e23-481f-b014-be0a10de86f2"), 7, 3);
        var reflection = new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

        Assert.Equal(JsonSerializer.Serialize(exitCodes, reflection), JsonSerializer.Serialize(exitCodes, RunJsonContext.Default.IReadOnlyDictionaryStringInt32));
        Assert.Equal("{\"orders\":{\"records\":20,\"bytes\":5400}}", JsonSerializer.Serialize(totals, RunJsonContext.Default.IReadOnlyDictionaryStringStreamTotals));
        Assert.Equal(JsonSerializer.Serialize(spilled, reflection), spilled.ToJson());

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, spilled.ToJson());
            Assert.Equal(spilled, SpilledState.TryRead(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
