using System.Globalization;
using System.Text.Json.Nodes;
using Tapline.Core.Insight;
using Tapline.Core.Project;
using Tapline.Core.Singer;
using Fake = Tapline.Core.Tests.Pipelines.Plugins;

namespace Tapline.Core.Tests.Insight;

public sealed class FreshnessTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T12:00:00Z", CultureInfo.InvariantCulture);

    private static StoredState State(string singerState) => new(new JsonObject { ["singer_state"] = JsonNode.Parse(singerState) }, []);

    [Fact]
    public void The_lag_of_a_real_SDK_taps_bookmark_is_now_minus_its_replication_key_value()
    {
        var recorded = File.ReadAllText(Path.Combine(Fake.Recordings, "tap-smoke-test.state.json"));

        var animals = Assert.Single(Freshness.Compute(State(recorded), null, Now));

        Assert.Equal("animals", animals.Stream);
        Assert.Equal(DateTimeOffset.Parse("2021-09-22T01:01:05Z", CultureInfo.InvariantCulture), animals.Bookmark);
        Assert.Equal(Now - animals.Bookmark, animals.Lag);
        Assert.False(animals.Breached);
    }

    [Fact]
    public void A_stream_behind_its_threshold_is_breached_and_a_stream_override_beats_the_schedules_max_lag()
    {
        var state = State("""
            {"bookmarks": {
              "orders": {"replication_key": "updated_at", "replication_key_value": "2026-12-01T09:00:00Z"},
              "users": {"replication_key": "updated_at", "replication_key_value": "2026-12-01T09:00:00+00:00"}}}
            """);
        var policy = new FreshnessPolicy("hourly", TimeSpan.FromHours(4), new Dictionary<string, TimeSpan> { ["orders"] = TimeSpan.FromHours(2) });

        var streams = Freshness.Compute(state, policy, Now).ToDictionary(f => f.Stream);

        Assert.True(streams["orders"].Breached);
        Assert.Equal(TimeSpan.FromHours(2), streams["orders"].Threshold);
        Assert.False(streams["users"].Breached);
    }

    [Fact]
    public void A_partitioned_stream_is_as_fresh_as_its_oldest_partition()
    {
        var state = State("""
            {"bookmarks": {"events": {"partitions": [
              {"context": {"repo": "a"}, "replication_key_value": "2026-12-01T11:00:00Z"},
              {"context": {"repo": "b"}, "replication_key_value": "2026-11-30T12:00:00Z"}]}}}
            """);

        var events = Assert.Single(Freshness.Compute(state, null, Now));

        Assert.Equal(TimeSpan.FromDays(1), events.Lag);
    }

    [Fact]
    public void Bookmarks_that_are_not_timestamps_have_no_freshness()
    {
        var state = State("""
            {"bookmarks": {
              "by_id": {"replication_key": "id", "replication_key_value": 42},
              "by_cursor": {"replication_key": "cursor", "replication_key_value": "abc123"},
              "old_style": {"updated_at": "2026-12-01T11:00:00Z"}}}
            """);

        Assert.Empty(Freshness.Compute(state, null, Now));
    }

    [Fact]
    public void Freshness_settings_are_read_from_a_schedules_annotations_and_a_bad_value_names_its_file_and_line()
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-freshness-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), """
            version: 1
            default_environment: dev
            environments: [{name: dev}]
            plugins:
              extractors: [{name: tap-csv, pip_url: tap-csv}]
              loaders: [{name: target-jsonl, pip_url: target-jsonl}]
            schedules:
            - name: hourly
              extractor: tap-csv
              loader: target-jsonl
              interval: '@hourly'
              annotations:
                tapline:
                  freshness:
                    max_lag: 26h
                    streams:
                      orders: 2h
            - name: typo
              extractor: tap-csv
              loader: target-jsonl
              interval: '@daily'
              annotations:
                tapline:
                  freshness: {max_lag: soon, lag: 1h}
            """);

        var (policies, problems) = FreshnessPolicy.Read(ProjectLoader.Load(root).Schedules);

        var hourly = Assert.Single(policies, p => p.Schedule == "hourly");
        Assert.Equal(TimeSpan.FromHours(26), hourly.MaxLag);
        Assert.Equal(TimeSpan.FromHours(2), hourly.ThresholdFor("orders"));
        Assert.Equal(TimeSpan.FromHours(26), hourly.ThresholdFor("users"));
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(18, p.Line));
        Assert.Contains(problems, p => p.ToString().Contains("meltano.yml line 18: schedule 'typo', field 'annotations.tapline.freshness.max_lag': \"soon\" must be a duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "annotations.tapline.freshness.lag");
        Directory.Delete(root, recursive: true);
    }
}
