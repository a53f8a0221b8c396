using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Users;

public sealed class UsersEndpointTests : IAsyncLifetime
{
    private const string NewPassword = "a brand new password";
    private readonly ApiHost _host = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        _admin = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Admin_lists_users_without_any_password_hash()
    {
        var body = await _admin.GetStringAsync("/api/v1/users");

        var users = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal(["ada", "bob"], users.Select(u => u.GetProperty("name").GetString()!).ToArray());
        Assert.Equal("viewer", users[1].GetProperty("role").GetString());
        Assert.NotEqual(JsonValueKind.Null, users[0].GetProperty("lastLoginAt").ValueKind);
        Assert.DoesNotContain("pbkdf2", body);
        Assert.DoesNotContain("hash", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Admin_adds_a_user_who_can_then_log_in()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/users", new { name = "cleo", role = "viewer", password = NewPassword });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/users/cleo", response.Headers.Location?.ToString());
        Assert.False(string.IsNullOrEmpty(await _host.LoginAsync("cleo", NewPassword)));
    }

    [Fact]
    public async Task Adding_a_duplicate_name_is_409_and_a_weak_password_400()
    {
        await ProblemAssert.IsProblemAsync(await _admin.PostAsJsonAsync("/api/v1/users", new { name = "bob", role = "viewer", password = NewPassword }), HttpStatusCode.Conflict);
        var detail = await ProblemAssert.IsProblemAsync(await _admin.PostAsJsonAsync("/api/v1/users", new { name = "dan", role = "viewer", password = "short" }), HttpStatusCode.BadRequest);
        Assert.Contains("password", detail);
        await ProblemAssert.IsProblemAsync(await _admin.PostAsJsonAsync("/api/v1/users", new { name = "dan", role = "root", password = NewPassword }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _admin.PostAsJsonAsync("/api/v1/users", new { name = "../dan", role = "viewer", password = NewPassword }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Role_change_applies_to_the_users_current_token()
    {
        using var bob = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/v1/users")).StatusCode);

        var changed = await _admin.PutAsJsonAsync("/api/v1/users/bob/role", new { role = "admin" });
        changed.EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_and_enabling_lets_them_back_in()
    {
        using var bob = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/v1/runs")).StatusCode);

        (await _admin.PostAsync("/api/v1/users/bob/disable", null)).EnsureSuccessStatusCode();

        await ProblemAssert.IsProblemAsync(await bob.GetAsync("/api/v1/runs"), HttpStatusCode.Unauthorized);
        using var anonymous = _host.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "bob", password = Secrets.ViewerPassword }), HttpStatusCode.Unauthorized);

        (await _admin.PostAsync("/api/v1/users/bob/enable", null)).EnsureSuccessStatusCode();
        Assert.False(string.IsNullOrEmpty(await _host.LoginAsync("bob", Secrets.ViewerPassword)));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_disabled_or_demoted()
    {
        await ProblemAssert.IsProblemAsync(await _admin.PostAsync("/api/v1/users/ada/disable", null), HttpStatusCode.Conflict);
        var detail = await ProblemAssert.IsProblemAsync(await _admin.PutAsJsonAsync("/api/v1/users/ada/role", new { role = "viewer" }), HttpStatusCode.Conflict);
        Assert.Contains("last enabled admin", detail);
    }

    [Fact]
    public async Task Admin_password_reset_replaces_the_password_and_ends_sessions()
    {
        using var bob = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));

        var reset = await _admin.PostAsJsonAsync("/api/v1/users/bob/password", new { password = NewPassword });

        reset.EnsureSuccessStatusCode();
        await ProblemAssert.IsProblemAsync(await bob.GetAsync("/api/v1/runs"), HttpStatusCode.Unauthorized);
        Assert.False(string.IsNullOrEmpty(await _host.LoginAsync("bob", NewPassword)));
    }

    [Fact]
    public async Task Any_user_changes_their_own_password_with_the_current_one()
    {
        using var bob = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));

        await ProblemAssert.IsProblemAsync(
            await bob.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "not it at all", newPassword = NewPassword }), HttpStatusCode.Forbidden);
        var changed = await bob.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = Secrets.ViewerPassword, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.False(string.IsNullOrEmpty(await _host.LoginAsync("bob", NewPassword)));
    }

    [Fact]
    public async Task Unknown_user_is_404()
    {
        await ProblemAssert.IsProblemAsync(await _admin.PostAsync("/api/v1/users/nobody/disable", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bootstrap_admin_is_created_at_start_when_no_admin_exists()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["TAPLINE_BOOTSTRAP_ADMIN"] = "root-admin",
            ["TAPLINE_BOOTSTRAP_PASSWORD"] = NewPassword,
        });
        host.CreateClient().Dispose();

        using var client = host.ClientWithToken(await host.LoginAsync("root-admin", NewPassword));
        var users = await client.GetFromJsonAsync<JsonElement>("/api/v1/users");

        Assert.Equal("admin", Assert.Single(users.EnumerateArray()).GetProperty("role").GetString());
    }
}
