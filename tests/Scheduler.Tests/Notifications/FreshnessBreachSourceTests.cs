using System.Text.Json.Nodes;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.State;
using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Core.Singer;
using Tapline.Scheduler.Notifications;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Tests.Notifications;

/// <summary>freshness_breached: a schedule's late stream, from its stored bookmark and its annotations' threshold.</summary>
public sealed class FreshnessBreachSourceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_stream_behind_its_threshold_raises_one_event_per_check_and_a_fresh_one_none()
    {
        var root = Directory.CreateTempSubdirectory("tapline-freshness-notify-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "meltano.yml"), """
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
                  freshness: {max_lag: 2h, streams: {orders: 30m}}
            """);
        var factory = await SystemDatabase.MigrateAsync(DatabaseUri.Parse("sqlite:///.meltano/meltano.db", root));
        var states = new StateStore(factory);
        var bookmarks = new JsonObject
        {
            ["orders"] = new JsonObject { ["replication_key"] = "updated_at", ["replication_key_value"] = "2026-12-01T11:00:00+00:00" },
            ["customers"] = new JsonObject { ["replication_key"] = "updated_at", ["replication_key_value"] = "2026-12-01T11:00:00+00:00" },
        };
        // An elt schedule runs under its own name as state id (Meltano's elt --state-id of a schedule).
        await states.SaveAsync("hourly", new StoredState(new JsonObject { ["singer_state"] = new JsonObject { ["bookmarks"] = bookmarks } }, []));
        // The schedules as the Scheduler's watcher loaded them.
        var catalog = new ScheduleCatalog();
        catalog.Replace(new ProjectSchedules(ProjectScheduleSpecs.Compile(ProjectLoader.Load(root), "dev"), "", []));
        var source = new FreshnessBreachSource(catalog, states, new FixedClock(Now));

        var first = await source.BreachesAsync(Now.UtcDateTime, default);
        var soonAfter = await source.BreachesAsync(Now.UtcDateTime.AddSeconds(5), default);

        var late = Assert.Single(first);
        Assert.Equal(NotificationEventKinds.FreshnessBreached, late.Kind);
        Assert.Equal("orders", late.Stream);
        Assert.Equal("hourly", late.Schedule);
        Assert.Equal("hourly", late.Pipeline);
        Assert.Contains("1 h behind", late.Summary);
        Assert.Empty(soonAfter);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
