using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Api.Tests.Runs;

/// <summary>Operating runs through the Api: backfill of chosen streams, re-run, retry, cancel many.</summary>
public sealed class RunOperationsEndpointTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await DemoProject.WriteAsync(_host.ProjectRoot);
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private Task BookmarksAsync(string stateId) => _host.Services.GetRequiredService<StateStore>()
        .SetAsync(stateId, """{"singer_state":{"bookmarks":{"users":{"id":3},"orders":{"id":9}}}}""", null);

    private async Task<RunOptions> PayloadAsync(long id)
    {
        await using var db = await _host.DbAsync();
        return RunOptions.FromPayload((await db.Runs.SingleAsync(r => r.Id == id)).Payload);
    }

    [Fact]
    public async Task Run_now_with_full_refresh_streams_queues_a_run_that_restarts_only_those_streams()
    {
        await BookmarksAsync("daily-csv");

        var response = await _client.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv", fullRefreshStreams = new[] { "users" } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        var options = await PayloadAsync(run.GetProperty("id").GetInt64());
        Assert.Equal(["users"], options.FullRefreshStreams);
        Assert.False(options.FullRefresh);
    }

    [Fact]
    public async Task Full_refresh_of_a_stream_the_state_does_not_know_is_refused_naming_the_field()
    {
        await BookmarksAsync("daily-csv");

        var response = await _client.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv", fullRefreshStreams = new[] { "userz" } });

        Assert.Contains("userz", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest));
        var errors = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("users", errors.GetProperty("errors").GetProperty("fullRefreshStreams")[0].GetString());
    }

    [Fact]
    public async Task Re_run_queues_the_same_options_again_linked_to_the_original()
    {
        var original = await _host.AddRunAsync(r =>
        {
            r.StateId = "daily-csv";
            r.Payload = new RunOptions { Environment = "dev", StateId = "daily-csv", FullRefreshStreams = ["users"], Attempt = 1, Retries = 2 }.ToPayload();
        });

        var response = await _client.PostAsync($"/api/v1/runs/{original.Id}/rerun", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var rerun = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(original.Id, rerun.GetProperty("rerunOf").GetInt64());
        Assert.Equal("queued", rerun.GetProperty("status").GetString());
        Assert.Equal("ada", rerun.GetProperty("requestedBy").GetString());
        Assert.Equal("daily-csv", rerun.GetProperty("stateId").GetString());
        var options = await PayloadAsync(rerun.GetProperty("id").GetInt64());
        Assert.Equal(["users"], options.FullRefreshStreams);
        Assert.Equal(0, options.Attempt);
    }

    [Fact]
    public async Task Retry_of_a_stalled_run_is_an_incremental_run_linked_to_it_and_a_successful_run_cannot_be_retried()
    {
        var stalled = await _host.AddRunAsync(r =>
        {
            r.Status = RunStatus.Stalled;
            r.Payload = new RunOptions { Environment = "dev", FullRefresh = true }.ToPayload();
        });
        var succeeded = await _host.AddRunAsync();

        var response = await _client.PostAsync($"/api/v1/runs/{stalled.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var retry = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(stalled.Id, retry.GetProperty("retryOf").GetInt64());
        var options = await PayloadAsync(retry.GetProperty("id").GetInt64());
        Assert.False(options.FullRefresh);
        Assert.Equal("dev", options.Environment);

        Assert.Contains("only a failed, dead or stalled run", await ProblemAssert.IsProblemAsync(
            await _client.PostAsync($"/api/v1/runs/{succeeded.Id}/retry", null), HttpStatusCode.Conflict));
        await ProblemAssert.IsProblemAsync(await _client.PostAsync("/api/v1/runs/999999/retry", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_many_answers_for_each_run()
    {
        var queued = await _host.AddRunAsync(r => { r.Status = RunStatus.Queued; r.StartedAt = null; r.EndedAt = null; });
        var running = await _host.AddRunAsync(r => { r.Status = RunStatus.Running; r.EndedAt = null; r.StateId = "dev:other"; });
        var ended = await _host.AddRunAsync();

        var response = await _client.PostAsJsonAsync("/api/v1/runs/cancel", new { ids = new[] { queued.Id, running.Id, ended.Id, 999999L } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("outcome").GetString());
        Assert.Equal("cancelled", results[queued.Id]);
        Assert.Equal("cancelling", results[running.Id]);
        Assert.Equal("ended", results[ended.Id]);
        Assert.Equal("not_found", results[999999]);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/v1/runs/cancel", new { ids = Array.Empty<long>() }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_viewer_can_neither_retry_nor_cancel_many()
    {
        var failed = await _host.AddRunAsync(r => r.Status = RunStatus.Failed);
        await _host.AddUserAsync("vic", Roles.Viewer, Secrets.AdminPassword);
        using var viewer = _host.ClientWithToken(await _host.LoginAsync("vic", Secrets.AdminPassword));

        await ProblemAssert.IsProblemAsync(await viewer.PostAsync($"/api/v1/runs/{failed.Id}/retry", null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await viewer.PostAsJsonAsync("/api/v1/runs/cancel", new { ids = new[] { failed.Id } }), HttpStatusCode.Forbidden);
    }
}
