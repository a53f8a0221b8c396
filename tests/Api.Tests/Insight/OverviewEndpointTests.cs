using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Api.Tests.Insight;

public sealed class OverviewEndpointTests : IAsyncLifetime
{
    private const string Project = """
        version: 1
        default_environment: dev
        environments: [{name: dev}]
        plugins:
          extractors: [{name: tap-csv, executable: tap-csv}, {name: tap-api, executable: tap-api}]
          loaders: [{name: target-jsonl, executable: target-jsonl}]
        schedules:
        - name: hourly-csv
          extractor: tap-csv
          loader: target-jsonl
          interval: '@hourly'
          annotations:
            tapline:
              freshness:
                max_lag: 2h
                streams: {users: 30d}
        - name: api-every-5
          extractor: tap-api
          loader: target-jsonl
          interval: '*/5 * * * *'
        - name: broken
          extractor: tap-csv
          loader: target-jsonl
          interval: '@daily'
          annotations: {tapline: {timezone: Mars/Olympus_Mons}}
        """;

    private readonly ApiHost _host = new();
    private HttpClient _viewer = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_host.ProjectRoot, "meltano.yml"), Project);
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        _viewer = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
    }

    public Task DisposeAsync()
    {
        _viewer.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task SaveBookmarksAsync(string stateId, DateTimeOffset orders, DateTimeOffset users)
    {
        static JsonObject Bookmark(DateTimeOffset at) => new() { ["replication_key"] = "updated_at", ["replication_key_value"] = at.ToString("O") };
        var state = new JsonObject { ["singer_state"] = new JsonObject { ["bookmarks"] = new JsonObject { ["orders"] = Bookmark(orders), ["users"] = Bookmark(users) } } };
        await _host.Services.GetRequiredService<StateStore>().SaveAsync(stateId, StateMerge.Set(state));
    }

    [Fact]
    public async Task A_viewer_sees_running_runs_failures_of_the_day_trends_next_fires_broken_schedules_and_stale_streams()
    {
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        await _host.AddRunAsync(r =>
        {
            r.ScheduleName = "api-every-5";
            r.Status = RunStatus.Running;
            r.EndedAt = null;
            r.Records = 500;
            r.StreamCounts = """{"events":{"records":500,"bytes":5000}}""";
            r.Metrics = """{"streams":{"events":{"counters":{},"timers":{},"http":null,"series":[[0,0],[3,200],[6,500]]}}}""";
        });
        await _host.AddRunAsync(r => { r.ScheduleName = "hourly-csv"; r.Status = RunStatus.Failed; r.Error = "Loader failed: target-jsonl exited with code 1\nmore"; });
        await _host.AddRunAsync(r => { r.ScheduleName = "hourly-csv"; r.Status = RunStatus.Dead; });
        await _host.AddRunAsync(r => { r.ScheduleName = "hourly-csv"; r.Status = RunStatus.Success; });
        await _host.AddRunAsync(r => { r.ScheduleName = "hourly-csv"; r.Status = RunStatus.Success; });
        await _host.AddRunAsync(r => { r.ScheduleName = "hourly-csv"; r.Status = RunStatus.Failed; r.QueuedAt = now.AddDays(-8); });
        await SaveBookmarksAsync("hourly-csv", orders: _host.Clock.GetUtcNow().AddHours(-5), users: _host.Clock.GetUtcNow().AddHours(-5));

        var overview = await _viewer.GetFromJsonAsync<JsonElement>("/api/v1/overview");

        var running = Assert.Single(overview.GetProperty("running").EnumerateArray());
        Assert.Equal("api-every-5", running.GetProperty("pipeline").GetString());
        Assert.Equal(100, running.GetProperty("recordsPerSecond").GetDouble());

        var failures = overview.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(["dead", "failed"], failures.Select(f => f.GetProperty("status").GetString()!));
        Assert.Equal("Loader failed: target-jsonl exited with code 1", failures[1].GetProperty("error").GetString());

        var trend = Assert.Single(overview.GetProperty("pipelines").EnumerateArray());
        Assert.Equal("hourly-csv", trend.GetProperty("pipeline").GetString());
        Assert.Equal(4, trend.GetProperty("runs").GetInt32());
        Assert.Equal(0.5, trend.GetProperty("successRate").GetDouble());
        Assert.Equal(7, trend.GetProperty("days").GetArrayLength());

        Assert.Equal(["api-every-5", "hourly-csv"], overview.GetProperty("nextFires").EnumerateArray().Select(f => f.GetProperty("schedule").GetString()!).Order());
        var broken = Assert.Single(overview.GetProperty("broken").EnumerateArray());
        Assert.Equal("broken", broken.GetProperty("schedule").GetString());
        Assert.Contains("Mars/Olympus_Mons", broken.GetProperty("error").GetString(), StringComparison.Ordinal);

        // orders is 5 h behind its schedule's 2 h; users has its own 30 d and is fine.
        var stale = Assert.Single(overview.GetProperty("stale").EnumerateArray());
        Assert.Equal(("hourly-csv", "orders", true), (stale.GetProperty("schedule").GetString(), stale.GetProperty("stream").GetString(), stale.GetProperty("breached").GetBoolean()));
        Assert.Equal(5 * 3600, stale.GetProperty("lagSeconds").GetDouble());

        Assert.Equal(5, overview.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task Freshness_lists_every_timestamp_bookmark_of_a_schedule_with_its_lag_and_threshold()
    {
        await SaveBookmarksAsync("hourly-csv", orders: _host.Clock.GetUtcNow().AddMinutes(-30), users: _host.Clock.GetUtcNow().AddDays(-40));

        var lags = await _viewer.GetFromJsonAsync<JsonElement>("/api/v1/freshness?schedule=hourly-csv");

        var byStream = lags.EnumerateArray().ToDictionary(l => l.GetProperty("stream").GetString()!);
        Assert.False(byStream["orders"].GetProperty("breached").GetBoolean());
        Assert.Equal(7200, byStream["orders"].GetProperty("thresholdSeconds").GetDouble());
        Assert.True(byStream["users"].GetProperty("breached").GetBoolean());
    }

    [Theory]
    [InlineData("/api/v1/overview")]
    [InlineData("/api/v1/freshness")]
    public async Task The_overview_needs_a_signed_in_caller(string url)
    {
        using var anonymous = _host.ClientWithToken(null);

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync(url), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_a_project_the_overview_is_a_409_problem()
    {
        File.Delete(Path.Combine(_host.ProjectRoot, "meltano.yml"));

        await ProblemAssert.IsProblemAsync(await _viewer.GetAsync("/api/v1/overview"), HttpStatusCode.Conflict);
    }
}
