using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Project;

/// <summary>
/// MELTANO_SYS_DIR_ROOT moves everything Tapline keeps for a project, and the Api follows it for logs,
/// installed plugins and its SQLite database. Before, the Api refused every log under the moved
/// directory and reported plugins installed there as not installed.
/// </summary>
public sealed class SysDirTests : IAsyncLifetime
{
    private readonly ApiHost _host;
    private readonly string _sysDir;
    private HttpClient _client = null!;

    public SysDirTests()
    {
        var root = Directory.CreateTempSubdirectory("tapline-sysdir-").FullName;
        _sysDir = Path.Combine(root, "state");
        _host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_SYS_DIR_ROOT"] = _sysDir });
    }

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

    [Fact]
    public async Task Logs_plugins_and_the_sqlite_database_live_under_the_sys_dir()
    {
        var log = Path.Combine(_sysDir, "logs", "elt", "dev:tap-csv-to-target-jsonl", Guid.NewGuid().ToString(), "elt.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await File.WriteAllTextAsync(log, "2026-12-01T00:00:00.000Z tapline | Block tap-csv target-jsonl started\n");
        var run = await _host.AddRunAsync(r => r.LogPath = log);
        // Where `tapline install` puts a plugin's venv when MELTANO_SYS_DIR_ROOT is set (Core's PluginPaths).
        Directory.CreateDirectory(Path.Combine(_sysDir, "extractors", "tap-postgres", "venv"));

        var response = await _client.GetAsync($"/api/v1/runs/{run.Id}/log");
        var plugins = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/plugins")).EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Block tap-csv target-jsonl started", await response.Content.ReadAsStringAsync());
        Assert.True(plugins["tap-postgres"].GetProperty("installed").GetBoolean());
        Assert.True(File.Exists(Path.Combine(_sysDir, "meltano.db")));
        Assert.False(File.Exists(Path.Combine(_host.ProjectRoot, ".meltano", "meltano.db")));
    }
}
