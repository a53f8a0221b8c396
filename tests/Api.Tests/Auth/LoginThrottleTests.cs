using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.TestSupport;

namespace Tapline.Api.Tests.Auth;

/// <summary>
/// Failed logins slow down the source that makes them, per account, never the account itself;
/// the counts are in PostgreSQL, shared by every Api replica. Clients get their own address
/// through a trusted proxy (ui.forwarded_allow_ips), as behind a real ingress.
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Attacker = "203.0.113.9";
    private const string Office = "198.51.100.7";

    private static async Task<Dictionary<string, string?>> SharedDatabaseAsync(Dictionary<string, string?>? extra = null)
    {
        var pg = await PostgresServer.GetAsync();
        var settings = new Dictionary<string, string?>(extra ?? [])
        {
            ["ConnectionStrings:systemdb"] = await pg.CreateDatabaseAsync("throttle"),
            ["MELTANO_UI_FORWARDED_ALLOW_IPS"] = "*",
        };
        return settings;
    }

    private static async Task<HttpResponseMessage> LoginFromAsync(HttpClient client, string from, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { username = user, password }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        return await client.SendAsync(request);
    }

    private static int RetryAfter(HttpResponseMessage response) => int.Parse(response.Headers.GetValues("Retry-After").Single());

    [Fact]
    public async Task Admin_still_logs_in_from_another_address_while_an_attacker_hammers_the_account()
    {
        using var host = new ApiHost(await SharedDatabaseAsync());
        await host.AddUserAsync("admin", Roles.Admin, Secrets.AdminPassword);
        using var client = host.CreateClient();

        for (var i = 0; i < 12; i++)
        {
            var response = await LoginFromAsync(client, Attacker, "admin", $"guess {i}");
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
        }

        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(client, Office, "admin", Secrets.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task The_attacking_address_gets_429_with_a_Retry_After_that_doubles_up_to_the_cap()
    {
        using var host = new ApiHost(await SharedDatabaseAsync(new() { ["api:auth:MaxDelay"] = "00:01:00" }));
        await host.AddUserAsync("admin", Roles.Admin, Secrets.AdminPassword);
        using var client = host.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            await ProblemAssert.IsProblemAsync(await LoginFromAsync(client, Attacker, "admin", $"guess {i}"), HttpStatusCode.Unauthorized);
        }

        var first = await LoginFromAsync(client, Attacker, "admin", "guess 5");
        await ProblemAssert.IsProblemAsync(first, HttpStatusCode.TooManyRequests);
        Assert.Equal(30, RetryAfter(first));
        // While blocked even the right password is refused: the attacker learns nothing.
        await ProblemAssert.IsProblemAsync(await LoginFromAsync(client, Attacker, "admin", Secrets.AdminPassword), HttpStatusCode.TooManyRequests);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        var second = await LoginFromAsync(client, Attacker, "admin", "guess 6");
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(60, RetryAfter(second));

        host.Clock.Advance(TimeSpan.FromSeconds(61));
        var capped = await LoginFromAsync(client, Attacker, "admin", "guess 7");
        Assert.Equal(HttpStatusCode.TooManyRequests, capped.StatusCode);
        Assert.Equal(60, RetryAfter(capped));

        // The delay always ends: after it, the right password works from that address too.
        host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(client, Attacker, "admin", Secrets.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Two_Api_hosts_on_one_database_share_the_throttle()
    {
        var settings = await SharedDatabaseAsync();
        using var first = new ApiHost(settings);
        using var second = new ApiHost(settings);
        await first.AddUserAsync("admin", Roles.Admin, Secrets.AdminPassword);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            await LoginFromAsync(firstClient, Attacker, "admin", $"guess {i}");
        }

        var refused = await LoginFromAsync(secondClient, Attacker, "admin", Secrets.AdminPassword);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(RetryAfter(refused) > 0);
        Assert.Equal(HttpStatusCode.OK, (await LoginFromAsync(secondClient, Office, "admin", Secrets.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Counts_of_sources_quiet_for_the_failure_window_are_pruned()
    {
        using var host = new ApiHost(await SharedDatabaseAsync());
        using var client = host.CreateClient();
        await LoginFromAsync(client, Attacker, "nobody", "guess");

        host.Clock.Advance(TimeSpan.FromMinutes(16));
        await LoginFromAsync(client, Office, "nobody", "guess");

        await using var db = await host.DbAsync();
        var sources = await db.LoginThrottle.AsNoTracking().Select(t => t.Source).Distinct().ToListAsync();
        Assert.Equal([Office], sources);
    }
}
