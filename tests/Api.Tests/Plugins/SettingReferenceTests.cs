using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Plugins;

/// <summary>Issue #12 item 9: a setting written as `$VAR` shows the reference, never the host's value or a Tapline secret.</summary>
public sealed class SettingReferenceTests : IDisposable
{
    private const string Token = "host-token-value-not-for-viewers";

    private readonly ApiHost _host = new(new Dictionary<string, string?> { ["MY_TOKEN"] = Token });

    public void Dispose() => _host.Dispose();

    private async Task<HttpClient> ClientAsync(string role, string password)
    {
        await File.WriteAllTextAsync(Path.Combine(_host.ProjectRoot, "meltano.yml"), """
            version: 1
            plugins:
              extractors:
              - name: tap-x
                settings:
                - name: signing_key
                - name: password
                  sensitive: true
                - name: base_url
                config:
                  signing_key: $MELTANO_UI_SECRET_KEY
                  password: ${MY_TOKEN}
                  base_url: https://api.example/$MY_TOKEN
            """);
        await _host.AddUserAsync("someone", role, password);
        return _host.ClientWithToken(await _host.LoginAsync("someone", password));
    }

    private static async Task<(string Body, Dictionary<string, JsonElement> Settings)> DetailAsync(HttpClient client)
    {
        var body = await client.GetStringAsync("/api/v1/plugins/extractors/tap-x");
        var settings = JsonDocument.Parse(body).RootElement.GetProperty("settings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.Clone());
        return (body, settings);
    }

    [Fact]
    public async Task A_viewer_sees_a_setting_set_to_the_ui_secret_key_as_its_reference_and_never_the_key()
    {
        using var client = await ClientAsync(Roles.Viewer, Secrets.ViewerPassword);

        var (body, settings) = await DetailAsync(client);

        Assert.Equal("$MELTANO_UI_SECRET_KEY", settings["signing_key"].GetProperty("value").GetString());
        Assert.True(settings["signing_key"].GetProperty("reference").GetBoolean());
        Assert.DoesNotContain(Secrets.SecretKey, body);
        Assert.DoesNotContain(Secrets.SecretKey[..16], body);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Secrets.SecretKey))[..16], body);
    }

    [Fact]
    public async Task Every_role_sees_a_reference_to_the_hosts_environment_as_written_sensitive_or_not()
    {
        using var client = await ClientAsync(Roles.Admin, Secrets.AdminPassword);

        var (body, settings) = await DetailAsync(client);

        Assert.Equal("${MY_TOKEN}", settings["password"].GetProperty("value").GetString());
        Assert.False(settings["password"].GetProperty("redacted").GetBoolean());
        Assert.Equal("https://api.example/$MY_TOKEN", settings["base_url"].GetProperty("value").GetString());
        Assert.True(settings["base_url"].GetProperty("reference").GetBoolean());
        Assert.DoesNotContain(Token, body);
        Assert.DoesNotContain(Secrets.SecretKey, body);
    }
}
