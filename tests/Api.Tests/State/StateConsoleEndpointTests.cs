using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.State;

namespace Tapline.Api.Tests.State;

/// <summary>The state console: streams and bookmarks, history with who and why, one entry, restore, edit one bookmark.</summary>
public sealed class StateConsoleEndpointTests : IAsyncLifetime
{
    private const string StateId = "dev:tap-shop-to-target-jsonl";
    private const string Encoded = "dev%3Atap-shop-to-target-jsonl";
    private readonly ApiHost _host = new();
    private HttpClient _admin = null!;
    private HttpClient _viewer = null!;
    private string _ordersBookmark = null!;

    public async Task InitializeAsync()
    {
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        _admin = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
        _viewer = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
        _ordersBookmark = _host.Clock.GetUtcNow().AddHours(-3).ToString("o");
        await _host.Services.GetRequiredService<StateStore>().SetAsync(StateId, $$$$$"""
            {"singer_state": {"bookmarks": {
              "orders": {"replication_key": "updated_at", "replication_key_value": "{{{{{_ordersBookmark}}}}}"},
              "users": {"replication_key": "id", "replication_key_value": 120}}}}
            """, null, Guid.NewGuid());
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _viewer.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private static JsonElement Value(JsonElement state, string stream) =>
        state.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == stream).GetProperty("values")[0];

    [Fact]
    public async Task A_viewer_sees_each_streams_bookmark_with_its_type_and_the_lag_of_timestamps()
    {
        var state = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}");

        Assert.Equal(["orders", "users"], state.GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("stream").GetString()));
        var orders = Value(state, "orders");
        Assert.Equal(("replication_key_value", "timestamp", _ordersBookmark, 10800.0),
            (orders.GetProperty("key").GetString(), orders.GetProperty("type").GetString(), orders.GetProperty("value").GetString(), orders.GetProperty("lagSeconds").GetDouble()));
        var users = Value(state, "users");
        Assert.Equal(("integer", 120, JsonValueKind.Null), (users.GetProperty("type").GetString(), users.GetProperty("value").GetInt32(), users.GetProperty("lagSeconds").ValueKind));
    }

    [Fact]
    public async Task An_admin_rewinds_one_bookmark_and_the_history_names_who_and_why()
    {
        var response = await _admin.PutAsJsonAsync($"/api/v1/state/{Encoded}/streams/orders/bookmark",
            new { value = "2024-01-01T00:00:00+00:00", reason = "reload January" });

        response.EnsureSuccessStatusCode();
        var state = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}");
        Assert.Equal("2024-01-01T00:00:00+00:00", Value(state, "orders").GetProperty("value").GetString());
        Assert.Equal(120, Value(state, "users").GetProperty("value").GetInt32());
        var history = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history");
        var latest = history[0];
        Assert.Equal(("ada", "reload January", JsonValueKind.Null),
            (latest.GetProperty("actor").GetString(), latest.GetProperty("reason").GetString(), latest.GetProperty("runId").ValueKind));
        var before = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history/{history[1].GetProperty("id").GetInt64()}");
        Assert.Equal(_ordersBookmark, Value(before, "orders").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_the_stream_and_key_and_an_unknown_stream_404()
    {
        var detail = await ProblemAssert.IsProblemAsync(
            await _admin.PutAsJsonAsync($"/api/v1/state/{Encoded}/streams/users/bookmark", new { value = "2024-01-01" }), HttpStatusCode.BadRequest);
        Assert.StartsWith("Stream 'users' of state 'dev:tap-shop-to-target-jsonl': bookmark 'replication_key_value' is an integer (120); '2024-01-01' is not an integer", detail, StringComparison.Ordinal);

        await ProblemAssert.IsProblemAsync(
            await _admin.PutAsJsonAsync($"/api/v1/state/{Encoded}/streams/nope/bookmark", new { value = "1" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(
            await _admin.PutAsJsonAsync($"/api/v1/state/{Encoded}/streams/users/bookmark", new { reason = "no value" }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _viewer.GetAsync($"/api/v1/state/{Encoded}/history/999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clearing_one_streams_bookmark_keeps_the_others_and_a_history_entry_restores_it()
    {
        var original = (await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history"))[0].GetProperty("id").GetInt64();

        var cleared = await _admin.DeleteAsync($"/api/v1/state/{Encoded}/streams/orders/bookmark?reason=backfill");
        cleared.EnsureSuccessStatusCode();
        Assert.Equal(["users"], (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("streams").EnumerateArray().Select(s => s.GetProperty("stream").GetString()));

        var restored = await _admin.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { historyId = original, reason = "undo" });

        restored.EnsureSuccessStatusCode();
        var state = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}");
        Assert.Equal(_ordersBookmark, Value(state, "orders").GetProperty("value").GetString());
        var history = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history");
        Assert.Equal(["undo", "backfill", null], history.EnumerateArray().Select(h => h.GetProperty("reason").GetString()));
        await ProblemAssert.IsProblemAsync(
            await _admin.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { historyId = original, runId = Guid.NewGuid() }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_viewer_cannot_edit_restore_or_clear_a_bookmark()
    {
        var entry = (await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}/history"))[0].GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(
            await _viewer.PutAsJsonAsync($"/api/v1/state/{Encoded}/streams/users/bookmark", new { value = "1" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await _viewer.DeleteAsync($"/api/v1/state/{Encoded}/streams/users/bookmark"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(
            await _viewer.PostAsJsonAsync($"/api/v1/state/{Encoded}/restore", new { historyId = entry }), HttpStatusCode.Forbidden);
        Assert.Equal(120, Value(await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/state/{Encoded}"), "users").GetProperty("value").GetInt32());
    }
}

/// <summary>Under <c>ui.readonly</c> nobody edits state, admins included, and the refusal says why.</summary>
public sealed class StateConsoleReadOnlyTests
{
    [Fact]
    public async Task Under_ui_readonly_an_admin_reads_state_but_every_edit_is_403_with_the_reason()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_READONLY"] = "true" });
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var admin = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));
        await host.Services.GetRequiredService<StateStore>().SetAsync("dev:a-to-b",
            """{"singer_state": {"bookmarks": {"users": {"replication_key_value": 1}}}}""", null, Guid.NewGuid());

        (await admin.GetAsync("/api/v1/state/dev%3Aa-to-b")).EnsureSuccessStatusCode();
        var detail = await ProblemAssert.IsProblemAsync(
            await admin.PutAsJsonAsync("/api/v1/state/dev%3Aa-to-b/streams/users/bookmark", new { value = "0" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await admin.DeleteAsync("/api/v1/state/dev%3Aa-to-b/streams/users/bookmark"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/state/dev%3Aa-to-b/restore", new { historyId = 1 }), HttpStatusCode.Forbidden);

        Assert.Contains("read-only", detail, StringComparison.OrdinalIgnoreCase);
    }
}
