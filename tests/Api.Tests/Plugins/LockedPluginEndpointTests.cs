using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Plugins;

/// <summary>The plugin endpoints on a Meltano-shaped project whose definitions are lock files.</summary>
public sealed class LockedPluginEndpointTests : IAsyncLifetime
{
    private const string PostgresPassword = "pg-lock-secret-5c1";
    private const string GitlabToken = "glpat-lock-secret-9d2";
    private readonly ApiHost _host = new(new Dictionary<string, string?> { ["TAP_GITLAB_PRIVATE_TOKEN"] = GitlabToken });
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var source = Path.Combine(Tapline.TestSupport.RepoPaths.Root, "tests", "Fixtures", "meltano-projects", "locked");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(_host.ProjectRoot, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }
        await File.WriteAllTextAsync(Path.Combine(_host.ProjectRoot, ".env"), $"TARGET_POSTGRES_PASSWORD={PostgresPassword}\n");
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Lock_file_settings_are_listed_and_their_secrets_redacted()
    {
        var loader = await _client.GetStringAsync("/api/v1/plugins/loaders/target-postgres");
        var extractor = await _client.GetStringAsync("/api/v1/plugins/extractors/tap-gitlab");

        Assert.DoesNotContain(PostgresPassword, loader);
        Assert.DoesNotContain(GitlabToken, extractor);
        var settings = JsonDocument.Parse(loader).RootElement.GetProperty("settings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["host", "port", "user", "password", "sqlalchemy_url", "default_target_schema"], settings.Keys);
        Assert.Equal("(redacted)", settings["password"].GetProperty("value").GetString());
        Assert.Equal("TARGET_POSTGRES_PASSWORD", settings["password"].GetProperty("envVar").GetString());
        Assert.True(settings["sqlalchemy_url"].GetProperty("sensitive").GetBoolean());
        var detail = JsonDocument.Parse(loader).RootElement;
        Assert.Equal("meltanolabs", detail.GetProperty("variant").GetString());
        Assert.Equal("meltanolabs-target-postgres", detail.GetProperty("pipUrl").GetString());
    }
}
