using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.State;

namespace Tapline.Api.Tests.State;

public sealed class StateEndpointTests : IAsyncLifetime
{
    private const string StateId = "dev:tap-csv-to-target-jsonl";
    private const string Encoded = "dev%3Atap-csv-to-target-jsonl";
    private readonly ApiHost _host = new();
    private HttpClient _client = null!;
    private StateStore _store = null!;
    private readonly Guid _firstRun = Guid.NewGuid();
    private readonly Guid _secondRun = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
        _store = _host.Services.GetRequiredService<StateStore>();
        await _store.SetAsync(StateId, """{"singer_state": {"bookmarks": {"users": {"id": 10}}}}""", null, _firstRun);
        await _store.SetAsync(StateId, """{"singer_state": {"bookmarks": {"users": {"id": 20}}}}""", """{"singer_state": {"bookmarks": {"users": {"id": 25}}}}""", _secondRun);
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task List_shows_each_state_id_and_whether_it_has_partial_state()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/v1/state");

        var entry = Assert.Single(list.EnumerateArray());
        Assert.Equal(StateId, entry.GetProperty("stateId").GetString());
        Assert.True(entry.GetProperty("hasPartial").GetBoolean());
    }

    [Fact]
    public async Task Get_returns_completed_and_partial_as_json()
    {
        var state = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}");

        Assert.Equal(20, state.GetProperty("completed").GetProperty("singer_state").GetProperty("bookmarks").GetProperty("users").GetProperty("id").GetInt32());
        Assert.Equal(25, state.GetProperty("partial").GetProperty("singer_state").GetProperty("bookmarks").GetProperty("users").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task History_lists_saves_newest_first_and_restore_puts_a_run_state_back()
    {
        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history");
        Assert.Equal([_secondRun, _firstRun], history.EnumerateArray().Select(h => h.GetProperty("runId").GetGuid()).ToArray());

        var restored = await _client.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { runId = _firstRun });

        restored.EnsureSuccessStatusCode();
        var state = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}");
        Assert.Equal(10, state.GetProperty("completed").GetProperty("singer_state").GetProperty("bookmarks").GetProperty("users").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Restore_from_a_run_that_saved_nothing_is_404_and_without_run_id_400()
    {
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { runId = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Clear_removes_the_state()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/state/{Encoded}")).StatusCode);

        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/v1/state/{Encoded}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.DeleteAsync($"/api/v1/state/{Encoded}"), HttpStatusCode.NotFound);
    }
}
