using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Tests.Runs;

/// <summary>Runs list, detail and cancel against PostgreSQL, the production database.</summary>
public sealed class RunsEndpointTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.CreatePostgresAsync();
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task List_is_newest_first_and_paged()
    {
        for (var i = 0; i < 7; i++)
        {
            await _host.AddRunAsync(r => r.Records = i);
        }

        var page = await _client.GetFromJsonAsync<JsonElement>("/api/v1/runs?page=2&pageSize=3");

        Assert.Equal(7, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(3, page.GetProperty("pageSize").GetInt32());
        Assert.Equal([3L, 2L, 1L], page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("records").GetInt64()).ToArray());
    }

    [Fact]
    public async Task Total_of_a_full_middle_page_counts_every_matching_run()
    {
        for (var i = 0; i < 7; i++)
        {
            await _host.AddRunAsync();
        }

        var page = await _client.GetFromJsonAsync<JsonElement>("/api/v1/runs?page=2&pageSize=2");

        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.Equal(7, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task First_page_total_includes_a_run_queued_since_the_last_look()
    {
        for (var i = 0; i < 3; i++)
        {
            await _host.AddRunAsync();
        }
        var before = await _client.GetFromJsonAsync<JsonElement>("/api/v1/runs?pageSize=2");

        await _host.AddRunAsync();
        var after = await _client.GetFromJsonAsync<JsonElement>("/api/v1/runs?pageSize=2");

        Assert.Equal(3, before.GetProperty("total").GetInt32());
        Assert.Equal(4, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_still_tells_the_total()
    {
        for (var i = 0; i < 3; i++)
        {
            await _host.AddRunAsync();
        }

        var page = await _client.GetFromJsonAsync<JsonElement>("/api/v1/runs?page=5&pageSize=2");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(3, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_filters_by_state_schedule_status_trigger_and_time()
    {
        var now = DateTime.UtcNow;
        await _host.AddRunAsync(r => { r.StateId = "dev:a-to-b"; r.Status = RunStatus.Failed; r.QueuedAt = now.AddHours(-3); });
        var match = await _host.AddRunAsync(r => { r.StateId = "dev:a-to-b"; r.Status = RunStatus.Failed; r.QueuedAt = now.AddHours(-1); });
        await _host.AddRunAsync(r => { r.StateId = "dev:a-to-b"; r.Status = RunStatus.Success; r.QueuedAt = now.AddHours(-1); });
        await _host.AddRunAsync(r => { r.StateId = "dev:c-to-d"; r.Status = RunStatus.Failed; r.QueuedAt = now.AddHours(-1); });
        await _host.AddRunAsync(r => { r.StateId = "dev:a-to-b"; r.Status = RunStatus.Failed; r.Trigger = RunTrigger.Cli; r.ScheduleName = null; r.QueuedAt = now.AddHours(-1); });

        var from = Uri.EscapeDataString(now.AddHours(-2).ToString("O"));
        var page = await _client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/runs?stateId=dev%3Aa-to-b&schedule=daily-csv&status=failed&trigger=schedule&from={from}");

        var only = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(match.Id, only.GetProperty("id").GetInt64());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("status=exploded")]
    [InlineData("trigger=cron")]
    [InlineData("page=0")]
    [InlineData("pageSize=100000")]
    public async Task Bad_filters_are_400_problems_naming_the_field(string query)
    {
        var detail = await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/v1/runs?{query}"), HttpStatusCode.BadRequest);

        Assert.Contains(query.Split('=')[0], detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Detail_has_timings_streams_exit_codes_error_and_trace_id()
    {
        var run = await _host.AddRunAsync(r =>
        {
            r.Status = RunStatus.Failed;
            r.StartedAt = new DateTime(2026, 11, 24, 22, 0, 0, DateTimeKind.Utc);
            r.EndedAt = new DateTime(2026, 11, 24, 22, 0, 1, 230, DateTimeKind.Utc);
            r.StreamCounts = """{"users": {"records": 10, "bytes": 1234}, "orders": 5}""";
            r.ExitCodes = """{"tap-csv": 0, "target-jsonl": 1}""";
            r.Error = "Loader failed: disk full";
            r.TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            r.WorkerId = "box:4242";
            r.LogPath = ".meltano/logs/elt/x/y/elt.log";
        });

        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run.Id}");

        Assert.Equal(run.RunId, detail.GetProperty("runId").GetGuid());
        Assert.Equal("failed", detail.GetProperty("status").GetString());
        Assert.Equal("schedule", detail.GetProperty("trigger").GetString());
        Assert.Equal(1.23, detail.GetProperty("durationSeconds").GetDouble());
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", detail.GetProperty("traceId").GetString());
        Assert.Equal("Loader failed: disk full", detail.GetProperty("error").GetString());
        Assert.Equal(1, detail.GetProperty("exitCodes").GetProperty("target-jsonl").GetInt32());
        Assert.Equal("box:4242", detail.GetProperty("worker").GetString());
        var streams = detail.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("stream").GetString()!);
        Assert.Equal(10, streams["users"].GetProperty("records").GetInt64());
        Assert.Equal(1234, streams["users"].GetProperty("bytes").GetInt64());
        Assert.Equal(5, streams["orders"].GetProperty("records").GetInt64());
    }

    [Fact]
    public async Task Unknown_run_is_404_problem() =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/runs/123456"), HttpStatusCode.NotFound);

    [Fact]
    public async Task Cancel_of_a_queued_run_cancels_it_at_once()
    {
        var run = await _host.AddRunAsync(r => { r.Status = RunStatus.Queued; r.StartedAt = null; r.EndedAt = null; });

        var response = await _client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("cancelled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal($"/api/v1/runs/{run.Id}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Cancel_of_a_running_run_flags_it_for_its_runner()
    {
        var run = await _host.AddRunAsync(r => { r.Status = RunStatus.Running; r.EndedAt = null; r.WorkerId = "box:1"; });

        var response = await _client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run.Id}");
        Assert.True(detail.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal("running", detail.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_of_an_ended_run_is_a_409_problem()
    {
        var run = await _host.AddRunAsync();

        var detail = await ProblemAssert.IsProblemAsync(await _client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null), HttpStatusCode.Conflict);

        Assert.Contains("already ended", detail);
    }
}
