using Tapline.Api.Tests.Support;
using Tapline.Api.Hosting;

namespace Tapline.Api.Tests.Meta;

/// <summary>
/// Settings the Api cannot start with stop it before anything starts, as a real process: exit 1 and one line naming the
/// setting for the operator, never an unhandled exception's stack trace (exit 134 before).
/// </summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tapline-api-refusal-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<string> RefusalAsync(Dictionary<string, string?> environment)
    {
        var (started, _) = ApiProcess.StartWithout(_root, environment);
        await using var api = started;

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.DoesNotContain("   at ", api.Output);
        Assert.DoesNotContain("Unhandled exception", api.Output);
        return Assert.Single(api.Output.Split('\n'), l => l.StartsWith("refusing to start: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MELTANO_UI_SECRET_KEY", "ui.secret_key")]
    [InlineData("MELTANO_UI_PASSWORD_SALT", "ui.password_salt")]
    public async Task Authentication_without_a_secret_refuses_to_start_naming_the_setting(string missing, string setting)
    {
        var line = await RefusalAsync(new() { [missing] = null });

        Assert.Contains(setting, line);
        Assert.Contains(missing, line);
    }

    [Fact]
    public async Task A_short_secret_key_is_refused()
    {
        var line = await RefusalAsync(new() { ["MELTANO_UI_SECRET_KEY"] = "short" });

        Assert.Contains("ui.secret_key", line);
    }

    [Fact]
    public async Task Bound_beyond_loopback_without_authentication_setting_refuses_to_start()
    {
        var line = await RefusalAsync(new()
        {
            ["MELTANO_UI_AUTHENTICATION"] = null,
            ["ASPNETCORE_URLS"] = null,
            ["MELTANO_UI_BIND_HOST"] = "0.0.0.0",
        });

        Assert.Contains("ui.authentication", line);
        Assert.Contains("0.0.0.0", line);
    }

    [Fact]
    public async Task A_forwarded_allow_ips_entry_that_is_no_address_is_refused_at_start_not_at_the_first_request()
    {
        var line = await RefusalAsync(new() { ["MELTANO_UI_FORWARDED_ALLOW_IPS"] = "10.0.0.1, proxy.internal" });

        Assert.Contains("ui.forwarded_allow_ips (MELTANO_UI_FORWARDED_ALLOW_IPS) has 'proxy.internal'", line);
    }

    [Fact]
    public async Task Bound_beyond_loopback_with_authentication_explicitly_false_starts_with_a_warning()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_UI_AUTHENTICATION"] = "false",
            ["MELTANO_UI_BIND_HOST"] = "0.0.0.0",
            ["MELTANO_UI_SECRET_KEY"] = null,
            ["MELTANO_UI_PASSWORD_SALT"] = null,
        });

        using var client = host.CreateClient();
        var response = await client.GetAsync("/api/v1/health");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("listens beyond loopback", StartupGuard.Check(
            new UiSettings { Authentication = false }, ["http://0.0.0.0:5000"]));
    }

    [Fact]
    public async Task Loopback_without_authentication_starts_without_secrets()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_UI_AUTHENTICATION"] = null,
            ["MELTANO_UI_SECRET_KEY"] = null,
            ["MELTANO_UI_PASSWORD_SALT"] = null,
        });

        using var client = host.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/health")).StatusCode);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://10.1.2.3:5000", false)]
    public void Loopback_is_recognised_from_the_listen_url(string url, bool loopback) =>
        Assert.Equal(loopback, StartupGuard.IsLoopback(url));
}
