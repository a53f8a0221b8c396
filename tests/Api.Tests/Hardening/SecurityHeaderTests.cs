using System.Text.RegularExpressions;
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
    public void The_SPA_shell_has_no_inline_script_for_the_CSP_to_block()
    {
        // script-src 'self' (above) blocks inline scripts in the browser, silently for the page's logic; the Vite dev
        // server sends no CSP, so only the published SPA would lose such a script.
        var index = File.ReadAllText(WebFile("index.html"));
        var scripts = Regex.Matches(index, @"<script\b(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline);

        Assert.NotEmpty(scripts);
        Assert.All(scripts, s =>
        {
            Assert.Contains("src=", s.Groups["attributes"].Value, StringComparison.Ordinal);
            Assert.True(string.IsNullOrWhiteSpace(s.Groups["body"].Value), $"inline script in web/index.html: {s.Value}");
        });
    }

    [Fact]
    public async Task HSTS_is_sent_when_session_cookies_are_secure()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_SESSION_COOKIE_SECURE"] = "true" });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/api/v1/health");

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    private static string WebFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"web/{name} not found above the test binaries");
    }
}
