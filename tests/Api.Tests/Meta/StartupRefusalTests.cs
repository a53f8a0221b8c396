using Tapline.Api.Tests.Support;
using Tapline.Api.Hosting;

namespace Tapline.Api.Tests.Meta;

public sealed class StartupRefusalTests
{
    [Theory]
    [InlineData("MELTANO_UI_SECRET_KEY", "ui.secret_key")]
    [InlineData("MELTANO_UI_PASSWORD_SALT", "ui.password_salt")]
    public void Authentication_without_a_secret_refuses_to_start_naming_the_setting(string missing, string setting)
    {
        using var host = new ApiHost(new Dictionary<string, string?> { [missing] = "" });

        var error = Assert.Throws<UiSettingsException>(() => host.CreateClient());

        Assert.Contains(setting, error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void A_short_secret_key_is_refused()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_SECRET_KEY"] = "short" });

        var error = Assert.Throws<UiSettingsException>(() => host.CreateClient());

        Assert.Contains("ui.secret_key", error.Message);
    }

    [Fact]
    public void Bound_beyond_loopback_without_authentication_setting_refuses_to_start()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_UI_AUTHENTICATION"] = null,
            ["MELTANO_UI_BIND_HOST"] = "0.0.0.0",
        });

        var error = Assert.Throws<UiSettingsException>(() => host.CreateClient());

        Assert.Contains("ui.authentication", error.Message);
        Assert.Contains("0.0.0.0", error.Message);
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
