using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Plugins;

/// <summary>The catalog tab: the cached catalog as a tree with meltano.yml's selection applied, and selection edits.</summary>
public sealed class CatalogEndpointTests
{
    private const string Yaml = """
        version: 1
        # the team's extractor
        plugins:
          extractors:
          - name: tap-shop
            pip_url: tap-shop==1.0
            capabilities: [catalog, discover, state]
            select:
            - orders.*
          - name: tap-new
            pip_url: tap-new==1.0
        """;

    private const string Catalog = """
        {"streams": [
          {"tap_stream_id": "orders", "stream": "orders", "replication_method": "INCREMENTAL", "replication_key": "updated_at",
           "key_properties": ["id"],
           "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "updated_at": {"type": "string"},
             "address": {"type": "object", "properties": {"city": {"type": "string"}}}}},
           "metadata": [
             {"breadcrumb": [], "metadata": {"table-key-properties": ["id"], "forced-replication-method": "INCREMENTAL", "valid-replication-keys": ["updated_at"]}},
             {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
             {"breadcrumb": ["properties", "updated_at"], "metadata": {"inclusion": "available"}},
             {"breadcrumb": ["properties", "address"], "metadata": {"inclusion": "available"}},
             {"breadcrumb": ["properties", "address", "properties", "city"], "metadata": {"inclusion": "available"}}]},
          {"tap_stream_id": "users", "stream": "users",
           "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}},
           "metadata": [
             {"breadcrumb": [], "metadata": {"table-key-properties": ["id"], "forced-replication-method": "FULL_TABLE"}},
             {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
             {"breadcrumb": ["properties", "email"], "metadata": {"inclusion": "unsupported"}}]}
        ]}
        """;

    private static async Task<(ApiHost Host, HttpClient Admin, HttpClient Viewer)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var host = new ApiHost(settings);
        await File.WriteAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml"), Yaml);
        var runDir = Path.Combine(host.ProjectRoot, ".meltano", "run", "tap-shop");
        Directory.CreateDirectory(runDir);
        await File.WriteAllTextAsync(Path.Combine(runDir, "tap.properties.json"), Catalog);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        await host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        return (host, host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword)), host.ClientWithToken(await host.LoginAsync("bob", Secrets.ViewerPassword)));
    }

    private static Dictionary<string, JsonElement> Streams(JsonElement catalog) =>
        catalog.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("stream").GetString()!);

    private static Dictionary<string, string> Properties(JsonElement stream) =>
        stream.GetProperty("properties").EnumerateArray().ToDictionary(p => p.GetProperty("path").GetString()!, p => p.GetProperty("selection").GetString()!);

    [Fact]
    public async Task A_viewer_sees_the_cached_catalog_as_streams_and_properties_with_selection_and_replication()
    {
        var (host, admin, viewer) = await StartAsync();
        using (host) using (admin) using (viewer)
        {
            var catalog = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/plugins/extractors/tap-shop/catalog");

            Assert.Equal(["orders.*"], catalog.GetProperty("select").EnumerateArray().Select(p => p.GetString()));
            var streams = Streams(catalog);
            Assert.Equal(("selected", "INCREMENTAL", "updated_at", "id"), (streams["orders"].GetProperty("selection").GetString(),
                streams["orders"].GetProperty("replicationMethod").GetString(), streams["orders"].GetProperty("replicationKey")[0].GetString(),
                streams["orders"].GetProperty("keyProperties")[0].GetString()));
            Assert.Equal(new Dictionary<string, string> { ["address"] = "selected", ["address.city"] = "selected", ["id"] = "automatic", ["updated_at"] = "selected" },
                Properties(streams["orders"]));
            Assert.Equal("excluded", streams["users"].GetProperty("selection").GetString());
            Assert.Equal("FULL_TABLE", streams["users"].GetProperty("replicationMethod").GetString());
            Assert.Equal("excluded", Properties(streams["users"])["email"]);
        }
    }

    [Fact]
    public async Task An_admin_saves_a_selection_to_meltano_yml_keeping_comments_and_the_tree_follows()
    {
        var (host, admin, viewer) = await StartAsync();
        using (host) using (admin) using (viewer)
        {
            var response = await admin.PutAsJsonAsync("/api/v1/plugins/extractors/tap-shop/select", new { select = new[] { "orders.*", "!orders.address", "users.*" } });

            response.EnsureSuccessStatusCode();
            var catalog = await response.Content.ReadFromJsonAsync<JsonElement>();
            var streams = Streams(catalog);
            Assert.Equal("selected", streams["users"].GetProperty("selection").GetString());
            Assert.Equal("excluded", Properties(streams["orders"])["address"]);
            Assert.Equal("unsupported", Properties(streams["users"])["email"]);
            var yaml = await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml"));
            Assert.Contains("# the team's extractor", yaml, StringComparison.Ordinal);
            // The writer owns indentation; what must hold is the list, in order, under tap-shop's select.
            var lines = yaml.Split('\n').Select(l => l.Trim()).ToList();
            var select = lines.IndexOf("select:");
            Assert.Equal(["- orders.*", "- \"!orders.address\"", "- users.*", "- name: tap-new"], lines.Skip(select + 1).Take(4));
        }
    }

    [Fact]
    public async Task A_viewer_may_not_change_selection_and_an_extractor_never_discovered_is_404_saying_what_to_do()
    {
        var (host, admin, viewer) = await StartAsync();
        using (host) using (admin) using (viewer)
        {
            await ProblemAssert.IsProblemAsync(await viewer.PutAsJsonAsync("/api/v1/plugins/extractors/tap-shop/select", new { select = new[] { "*.*" } }), HttpStatusCode.Forbidden);
            var detail = await ProblemAssert.IsProblemAsync(await viewer.GetAsync("/api/v1/plugins/extractors/tap-new/catalog"), HttpStatusCode.NotFound);
            Assert.Contains("refresh the catalog", detail, StringComparison.Ordinal);
            await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/plugins/extractors/tap-shop/select", new { select = new[] { "orders .*" } }), HttpStatusCode.BadRequest);
            await ProblemAssert.IsProblemAsync(await admin.PutAsJsonAsync("/api/v1/plugins/extractors/tap-nope/select", new { select = new[] { "*.*" } }), HttpStatusCode.NotFound);
            Assert.Equal(Yaml, await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml")));
        }
    }

    [Fact]
    public async Task Under_project_readonly_an_admin_reads_the_catalog_but_saving_selection_is_403_with_the_reason()
    {
        var (host, admin, viewer) = await StartAsync(new Dictionary<string, string?> { ["MELTANO_PROJECT_READONLY"] = "true" });
        using (host) using (admin) using (viewer)
        {
            (await admin.GetAsync("/api/v1/plugins/extractors/tap-shop/catalog")).EnsureSuccessStatusCode();

            var detail = await ProblemAssert.IsProblemAsync(
                await admin.PutAsJsonAsync("/api/v1/plugins/extractors/tap-shop/select", new { select = new[] { "*.*" } }), HttpStatusCode.Forbidden);

            Assert.Contains("project_readonly", detail, StringComparison.Ordinal);
            Assert.Equal(Yaml, await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml")));
        }
    }

    [Fact]
    public async Task Refresh_runs_the_extractors_discovery_and_serves_the_new_catalog_and_a_failing_discovery_is_422_with_its_stderr()
    {
        var (host, admin, viewer) = await StartAsync();
        using (host) using (admin) using (viewer)
        {
            await File.WriteAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml"), Yaml + """

                  - name: tap-script
                    executable: ./tap-script.sh
                    capabilities: [catalog, discover]
                  - name: tap-broken
                    executable: ./tap-broken.sh
                    capabilities: [catalog, discover]
                """);
            var script = Path.Combine(host.ProjectRoot, "tap-script.sh");
            await File.WriteAllTextAsync(script, """
                #!/bin/sh
                case "$*" in *--discover*) echo '{"streams": [{"tap_stream_id": "events", "schema": {"properties": {"id": {"type": "integer"}}}, "metadata": []}]}';; esac
                """);
            var broken = Path.Combine(host.ProjectRoot, "tap-broken.sh");
            await File.WriteAllTextAsync(broken, "#!/bin/sh\necho 'cannot reach the API' >&2\nexit 3\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(broken, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await ProblemAssert.IsProblemAsync(await viewer.PostAsync("/api/v1/plugins/extractors/tap-script/catalog/refresh", null), HttpStatusCode.Forbidden);
            var refreshed = await admin.PostAsync("/api/v1/plugins/extractors/tap-script/catalog/refresh", null);

            refreshed.EnsureSuccessStatusCode();
            var events = Streams(await refreshed.Content.ReadFromJsonAsync<JsonElement>())["events"];
            Assert.Equal(["id"], Properties(events).Keys);
            Assert.True(File.Exists(Path.Combine(host.ProjectRoot, ".meltano", "run", "tap-script", "tap.properties.json")));
            var detail = await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/v1/plugins/extractors/tap-broken/catalog/refresh", null), HttpStatusCode.UnprocessableEntity);
            Assert.Contains("cannot reach the API", detail, StringComparison.Ordinal);
        }
    }
}
