using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Hardening;

/// <summary>Security headers on every response: Api JSON, problems and the SPA shell alike.</summary>
public sealed class SecurityHeaderTests
{
    [Theory]
    [InlineData("/api/v1/health")]
    [InlineData("/api/v1/runs")]
    [InlineData("/")]
    public async Task Every_response_carries_CSP_nosniff_frame_ancestors_and_referrer_policy(string path)
    {
        using var host = new ApiHost();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task HSTS_is_sent_when_session_cookies_are_secure()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_SESSION_COOKIE_SECURE"] = "true" });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/v1/health");

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }
}
