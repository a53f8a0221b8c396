using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Access;
using Tapline.Api.Auth;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Tests.Auth;

public sealed class LoginTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();

    public Task InitializeAsync() => _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<List<RefreshTokenRecord>> TokensAsync()
    {
        await using var db = await _host.DbAsync();
        return await db.RefreshTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string name, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/login", new { username = name, password });

    [Fact]
    public async Task Login_returns_an_access_token_and_sets_a_strict_httponly_refresh_cookie()
    {
        using var client = _host.CreateClient();

        var response = await LoginAsync(client, "ada", Secrets.AdminPassword);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<SessionResponse>();
        Assert.Equal("ada", body!.User.Name);
        Assert.Equal("admin", body.User.Role);
        Assert.InRange(body.ExpiresAt, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("tapline_refresh=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/v1/auth", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookie_is_secure_and_scoped_to_the_domain_when_the_settings_say_so()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_UI_SESSION_COOKIE_SECURE"] = "true",
            ["MELTANO_UI_SESSION_COOKIE_DOMAIN"] = "example.com",
        });
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        // The test client's cookie jar refuses a Secure cookie for another domain over http; read the raw header instead.
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });

        var response = await LoginAsync(client, "ada", Secrets.AdminPassword);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("domain=example.com", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        using var client = _host.CreateClient();

        var wrong = await ProblemAssert.IsProblemAsync(await LoginAsync(client, "ada", "not the password"), HttpStatusCode.Unauthorized);
        var unknown = await ProblemAssert.IsProblemAsync(await LoginAsync(client, "nobody", "not the password"), HttpStatusCode.Unauthorized);

        Assert.Equal(wrong, unknown);
    }

    [Fact]
    public async Task Disabled_user_cannot_log_in()
    {
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        await _host.UpdateUserAsync("bob", u => u.Disabled = true);
        using var client = _host.CreateClient();

        await ProblemAssert.IsProblemAsync(await LoginAsync(client, "bob", Secrets.ViewerPassword), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Empty_login_body_is_a_400_problem_naming_the_fields()
    {
        using var client = _host.CreateClient();

        var detail = await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { }), HttpStatusCode.BadRequest);

        Assert.Contains("username", detail);
    }

    [Fact]
    public async Task Brute_force_from_one_address_is_refused_then_the_delay_expires()
    {
        using var client = _host.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await ProblemAssert.IsProblemAsync(await LoginAsync(client, "ada", $"guess {i}"), HttpStatusCode.Unauthorized);
        }

        var locked = await LoginAsync(client, "ada", "guess 5");
        await ProblemAssert.IsProblemAsync(locked, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(locked.Headers.GetValues("Retry-After").Single()) > 0);

        // Even the right password waits out the delay: the attacker learns nothing from it.
        await ProblemAssert.IsProblemAsync(await LoginAsync(client, "ada", Secrets.AdminPassword), HttpStatusCode.TooManyRequests);

        _host.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "ada", Secrets.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Login_finds_the_one_account_whatever_the_case_of_the_name()
    {
        using var client = _host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "ADA", Secrets.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, " Ada ", Secrets.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Refresh_rotates_the_cookie_and_issues_a_new_access_token()
    {
        using var client = _host.CreateClient();
        var login = await (await LoginAsync(client, "ada", Secrets.AdminPassword)).Content.ReadFromJsonAsync<SessionResponse>();
        var firstCookie = (await TokensAsync()).Single();

        var refreshed = await client.PostAsync("/api/v1/auth/refresh", null);

        refreshed.EnsureSuccessStatusCode();
        var body = await refreshed.Content.ReadFromJsonAsync<SessionResponse>();
        Assert.NotEqual(login!.AccessToken, body!.AccessToken);
        var tokens = await TokensAsync();
        Assert.Equal(2, tokens.Count);
        var rotated = tokens.Single(t => t.Id == firstCookie.Id);
        Assert.NotNull(rotated.RevokedAt);
        Assert.NotNull(rotated.ReplacedBy);
        Assert.Null(tokens.Single(t => t.Id == rotated.ReplacedBy).RevokedAt);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        using var client = _host.CreateClient();
        var login = await LoginAsync(client, "ada", Secrets.AdminPassword);
        var stolen = CookieValue(login);
        (await client.PostAsync("/api/v1/auth/refresh", null)).EnsureSuccessStatusCode();

        using var attacker = _host.CreateClient();
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh");
        replay.Headers.Add("Cookie", $"tapline_refresh={stolen}");
        await ProblemAssert.IsProblemAsync(await attacker.SendAsync(replay), HttpStatusCode.Unauthorized);

        Assert.All(await TokensAsync(), t => Assert.NotNull(t.RevokedAt));
        await ProblemAssert.IsProblemAsync(await client.PostAsync("/api/v1/auth/refresh", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_revokes_the_refresh_token_and_clears_the_cookie()
    {
        using var client = _host.CreateClient();
        var login = await LoginAsync(client, "ada", Secrets.AdminPassword);
        var token = CookieValue(login);

        var logout = await client.PostAsync("/api/v1/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Contains(logout.Headers.GetValues("Set-Cookie"), c => c.StartsWith("tapline_refresh=;", StringComparison.Ordinal));
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh");
        replay.Headers.Add("Cookie", $"tapline_refresh={token}");
        using var other = _host.CreateClient();
        await ProblemAssert.IsProblemAsync(await other.SendAsync(replay), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task No_secret_appears_in_any_auth_response()
    {
        using var client = _host.CreateClient();
        var bodies = new List<string>
        {
            await (await LoginAsync(client, "ada", Secrets.AdminPassword)).Content.ReadAsStringAsync(),
            await (await client.PostAsync("/api/v1/auth/refresh", null)).Content.ReadAsStringAsync(),
            await (await LoginAsync(client, "ada", "wrong")).Content.ReadAsStringAsync(),
            await client.GetStringAsync("/api/v1/identity"),
            await client.GetStringAsync("/openapi/v1.json"),
        };

        foreach (var body in bodies)
        {
            Assert.DoesNotContain(Secrets.SecretKey, body);
            Assert.DoesNotContain(Secrets.PasswordSalt, body);
            Assert.DoesNotContain(Secrets.AdminPassword, body);
            Assert.DoesNotContain("pbkdf2", body);
            Assert.DoesNotContain("tapline_refresh", body);
        }
    }

    private static string CookieValue(HttpResponseMessage response)
    {
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tapline_refresh=", StringComparison.Ordinal));
        return cookie["tapline_refresh=".Length..cookie.IndexOf(';')];
    }
}
