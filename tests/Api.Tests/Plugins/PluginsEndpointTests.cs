using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Plugins;

public sealed class PluginsEndpointTests : IAsyncLifetime
{
    private readonly ApiHost _host = new(new Dictionary<string, string?> { ["TAP_POSTGRES_PASSWORD"] = DemoProject.Secret });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await DemoProject.WriteAsync(_host.ProjectRoot);
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Dictionary<string, JsonElement>> SettingsAsync(string plugin = "tap-postgres", string? environment = null)
    {
        var detail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/plugins/extractors/{plugin}{(environment is null ? "" : $"?environment={environment}")}");
        return detail.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
    }

    [Fact]
    public async Task List_shows_every_plugin_with_its_type_and_install_state()
    {
        var plugins = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/plugins")).EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal("extractors", plugins["tap-csv"].GetProperty("type").GetString());
        Assert.True(plugins["tap-csv"].GetProperty("installed").GetBoolean());
        Assert.False(plugins["tap-postgres"].GetProperty("installed").GetBoolean());
        Assert.Equal("loaders", plugins["target-jsonl"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_pip_url_with_credentials_is_shown_without_them()
    {
        const string Token = "ghp_pipurl_secret_4e1";
        var file = Path.Combine(_host.ProjectRoot, "meltano.yml");
        var yaml = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, yaml.Replace("pip_url: ./plugins/tap-postgres", $"pip_url: git+https://deploy:{Token}@github.com/acme/tap-postgres.git", StringComparison.Ordinal));

        var list = await _client.GetStringAsync("/api/v1/plugins");
        var detail = await _client.GetFromJsonAsync<JsonElement>("/api/v1/plugins/extractors/tap-postgres");

        Assert.DoesNotContain(Token, list);
        Assert.Equal("git+https://***@github.com/acme/tap-postgres.git", detail.GetProperty("pipUrl").GetString());
    }

    [Fact]
    public async Task Detail_resolves_settings_with_their_source_and_redacts_secrets()
    {
        var body = await _client.GetStringAsync("/api/v1/plugins/extractors/tap-postgres");
        var settings = await SettingsAsync();

        Assert.Equal("(redacted)", settings["password"].GetProperty("value").GetString());
        Assert.True(settings["password"].GetProperty("sensitive").GetBoolean());
        Assert.True(settings["password"].GetProperty("redacted").GetBoolean());
        Assert.Equal("env", settings["password"].GetProperty("source").GetString());
        Assert.Equal("TAP_POSTGRES_PASSWORD", settings["password"].GetProperty("envVar").GetString());
        Assert.Equal(5432, settings["port"].GetProperty("value").GetInt64());
        Assert.Equal("default", settings["port"].GetProperty("source").GetString());
        Assert.DoesNotContain(DemoProject.Secret, body);
    }

    [Fact]
    public async Task Writing_to_meltano_yml_the_environment_dotenv_and_db_each_take_effect()
    {
        (await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/host", new { value = "db.internal", store = "meltano_yml" })).EnsureSuccessStatusCode();
        Assert.Equal("meltano_yml", (await SettingsAsync())["host"].GetProperty("source").GetString());

        (await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/host?environment=prod", new { value = "db.prod", store = "meltano_yml" })).EnsureSuccessStatusCode();
        Assert.Equal("db.prod", (await SettingsAsync(environment: "prod"))["host"].GetProperty("value").GetString());
        Assert.Equal("db.internal", (await SettingsAsync(environment: "dev"))["host"].GetProperty("value").GetString());

        var port = await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/port", new { value = 6543, store = "db" });
        port.EnsureSuccessStatusCode();
        var portView = await port.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6543, portView.GetProperty("value").GetInt64());
        Assert.Equal("db", portView.GetProperty("source").GetString());

        (await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-csv/settings/delimiter", new { value = ";", store = "dotenv" })).EnsureSuccessStatusCode();
        Assert.Contains("TAP_CSV_DELIMITER", await File.ReadAllTextAsync(Path.Combine(_host.ProjectRoot, ".env")));
    }

    [Fact]
    public async Task Writing_back_redacted_keeps_the_stored_secret()
    {
        using var host = new ApiHost();
        await DemoProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var client = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));
        (await client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/password", new { value = DemoProject.Secret, store = "db" })).EnsureSuccessStatusCode();

        var again = await client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/password", new { value = "(redacted)", store = "db" });

        var body = await again.Content.ReadAsStringAsync();
        again.EnsureSuccessStatusCode();
        Assert.DoesNotContain(DemoProject.Secret, body);
        await using var db = await host.DbAsync();
        var stored = db.PluginSettings.Single(s => s.SettingName == "password");
        Assert.DoesNotContain(DemoProject.Secret, stored.Value ?? "");
        var store = (Tapline.Core.Data.Settings.PluginSettingsStore)host.Services.GetService(typeof(Tapline.Core.Data.Settings.PluginSettingsStore))!;
        Assert.Equal(DemoProject.Secret, await store.GetAsync("extractors", "tap-postgres", "password"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_kind_is_400_and_an_unknown_setting_404()
    {
        var detail = await ProblemAssert.IsProblemAsync(
            await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/port", new { value = "not a port", store = "db" }), HttpStatusCode.BadRequest);
        Assert.Contains("port", detail);
        await ProblemAssert.IsProblemAsync(
            await _client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/nope", new { value = "x" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/plugins/widgets/tap-postgres"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Project_readonly_refuses_file_stores_but_allows_the_db_store()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_PROJECT_READONLY"] = "true" });
        await DemoProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var client = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));

        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/host", new { value = "h", store = "meltano_yml" }), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/host", new { value = "h", store = "dotenv" }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/host", new { value = "h", store = "db" })).StatusCode);
    }
}
