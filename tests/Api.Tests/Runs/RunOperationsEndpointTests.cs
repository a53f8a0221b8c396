using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
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
}
