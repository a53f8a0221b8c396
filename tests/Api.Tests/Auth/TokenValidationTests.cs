using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Tests.Auth;

public sealed class TokenValidationTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();
    private UserRecord _admin = null!;
    private string Protected = "";

    public async Task InitializeAsync()
    {
        _admin = await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        var log = Path.Combine(_host.LogRoot, "elt", "dev:a-to-b", "r1", "elt.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, "line\n");
        var run = await _host.AddRunAsync(r => r.LogPath = log);
        Protected = $"/api/v1/runs/{run.Id}/log/tail";
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_token_from_login_opens_a_protected_endpoint()
    {
        using var client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Protected)).StatusCode);
    }

    [Fact]
    public async Task No_token_is_401_problem()
    {
        using var client = _host.CreateClient();

        var detail = await ProblemAssert.IsProblemAsync(await client.GetAsync(Protected), HttpStatusCode.Unauthorized);

        Assert.Contains("Sign in", detail);
    }

    [Fact]
    public async Task Tampered_token_is_rejected()
    {
        var token = await _host.LoginAsync("ada", Secrets.AdminPassword);
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(WebEncoders.Base64UrlDecode(parts[1]))!;
        payload["role"] = "superuser";
        var forged = $"{parts[0]}.{WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";

        await AssertRejectedAsync(forged);
    }

    [Fact]
    public Task Expired_token_is_rejected() =>
        AssertRejectedAsync(Sign(DateTime.UtcNow.AddMinutes(-30), DateTime.UtcNow.AddMinutes(-10), "tapline", SecurityAlgorithms.HmacSha256, Secrets.SecretKey));

    [Fact]
    public Task Not_yet_valid_token_is_rejected() =>
        AssertRejectedAsync(Sign(DateTime.UtcNow.AddMinutes(10), DateTime.UtcNow.AddMinutes(20), "tapline", SecurityAlgorithms.HmacSha256, Secrets.SecretKey));

    [Fact]
    public Task Wrong_audience_token_is_rejected() =>
        AssertRejectedAsync(Sign(DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), "another-deployment", SecurityAlgorithms.HmacSha256, Secrets.SecretKey));

    [Fact]
    public Task Token_signed_with_another_key_is_rejected() =>
        AssertRejectedAsync(Sign(DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), "tapline", SecurityAlgorithms.HmacSha256, "another-secret-key-0123456789abcdef0123456789"));

    [Fact]
    public Task Token_with_another_hmac_algorithm_is_rejected_by_the_allowlist() =>
        AssertRejectedAsync(Sign(DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), "tapline", SecurityAlgorithms.HmacSha512, Secrets.SecretKey + Secrets.SecretKey));

    [Fact]
    public async Task Alg_none_token_is_rejected()
    {
        var header = WebEncoders.Base64UrlEncode("""{"alg":"none","typ":"JWT"}"""u8.ToArray());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(
            $$"""{"sub":"ada","uid":"{{_admin.Id}}","role":"admin","tv":"0","iss":"tapline","aud":"tapline","nbf":{{now}},"exp":{{now + 300}}}"""));

        await AssertRejectedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task A_correctly_signed_token_alone_is_not_enough_once_the_user_is_disabled()
    {
        var token = Sign(DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5), "tapline", SecurityAlgorithms.HmacSha256, Secrets.SecretKey);
        using (var client = _host.ClientWithToken(token))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Protected)).StatusCode);
        }

        await _host.UpdateUserAsync("ada", u => u.Disabled = true);
        using var host2Client = NewHostClientSharing(token);

        await AssertRejectedAsync(token, host2Client);
    }

    // A fresh Api instance over the same accounts, so the few-second account cache does not hide the change.
    private HttpClient NewHostClientSharing(string token)
    {
        var factory = _host.WithWebHostBuilder(_ => { });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private string Sign(DateTime notBefore, DateTime expires, string audience, string algorithm, string key)
    {
        var handler = new JsonWebTokenHandler();
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = audience,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([
                new Claim("sub", "ada"), new Claim("uid", _admin.Id.ToString()), new Claim("role", "admin"), new Claim("tv", "0")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    private async Task AssertRejectedAsync(string token, HttpClient? client = null)
    {
        var own = client is null;
        client ??= _host.ClientWithToken(token);
        try
        {
            await ProblemAssert.IsProblemAsync(await client.GetAsync(Protected), HttpStatusCode.Unauthorized);
        }
        finally
        {
            if (own) client.Dispose();
        }
    }
}
