using System.Text.Json.Nodes;

namespace Tapline.Plugins.Tests;

public class TapCsvTests
{
    private const string Customers = """
        id,name,email,updated_at
        1,Ada,ada@example.com,2026-01-01T00:00:00Z
        2,"Hopper, Grace","grace@example.com",2026-01-02T00:00:00Z
        3,"Multi
        line",m@example.com,2026-01-03T00:00:00Z
        """;

    private static string Config(TempDir dir, string files) => dir.Write("config.json", $$"""{"files": {{files}}}""");

    private static List<JsonNode> Messages(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

    private static IEnumerable<JsonNode> Records(List<JsonNode> messages, string stream) =>
        messages.Where(m => m["type"]!.ToString() == "RECORD" && m["stream"]!.ToString() == stream).Select(m => m["record"]!);

    [Fact]
    public async Task Discover_infers_a_string_schema_from_the_header_with_keys_and_replication_key()
    {
        using var dir = new TempDir();
        dir.Write("data/customers.csv", Customers);
        var config = Config(dir, """[{"entity": "customers", "path": "data/customers.csv", "keys": ["id"], "replication_key": "updated_at"}]""");

        var (code, stdout, stderr) = await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config, "--discover");

        Assert.True(code == 0, stderr);
        var stream = JsonNode.Parse(stdout)!["streams"]![0]!;
        Assert.Equal("customers", stream["tap_stream_id"]!.ToString());
        Assert.Equal(["id", "name", "email", "updated_at"], stream["schema"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""["string","null"]""", stream["schema"]!["properties"]!["email"]!["type"]!.ToJsonString());
        Assert.Equal("""["id"]""", stream["key_properties"]!.ToJsonString());
        var streamMetadata = stream["metadata"]!.AsArray().Single(m => m!["breadcrumb"]!.AsArray().Count == 0)!["metadata"]!;
        Assert.Equal("""["updated_at"]""", streamMetadata["valid-replication-keys"]!.ToJsonString());
    }

    [Fact]
    public async Task Second_run_with_the_state_emits_only_rows_past_the_bookmark()
    {
        using var dir = new TempDir();
        dir.Write("data/customers.csv", Customers);
        var config = Config(dir, """[{"entity": "customers", "path": "data/customers.csv", "keys": ["id"], "replication_key": "updated_at"}]""");

        var first = Messages((await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config)).Stdout);
        Assert.Equal(["Ada", "Hopper, Grace", "Multi\nline"], Records(first, "customers").Select(r => r["name"]!.ToString()));
        var state = first.Last(m => m["type"]!.ToString() == "STATE")["value"]!;
        Assert.Equal("2026-01-03T00:00:00Z", state["bookmarks"]!["customers"]!["replication_key_value"]!.ToString());
        Assert.Equal("updated_at", state["bookmarks"]!["customers"]!["replication_key"]!.ToString());
        var stateFile = dir.Write("state.json", state.ToJsonString());

        var second = Messages((await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config, "--state", stateFile)).Stdout);
        Assert.Empty(Records(second, "customers"));
        Assert.Equal(state.ToJsonString(), second.Last(m => m["type"]!.ToString() == "STATE")["value"]!.ToJsonString());

        File.AppendAllText(Path.Combine(dir.Path, "data/customers.csv"), "\n4,New,new@example.com,2026-02-01T00:00:00Z\n");
        var third = Messages((await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config, "--state", stateFile)).Stdout);
        Assert.Equal(["4"], Records(third, "customers").Select(r => r["id"]!.ToString()));
    }

    [Fact]
    public async Task Catalog_deselects_streams_and_columns_and_types_the_values()
    {
        using var dir = new TempDir();
        dir.Write("data/customers.csv", Customers);
        dir.Write("data/orders.csv", "id,customer_id,amount,updated_at\n1,1,9.5,2026-01-01\n");
        var config = Config(dir, """
            [{"entity": "customers", "path": "data/customers.csv", "keys": ["id"], "replication_key": "updated_at"},
             {"entity": "orders", "path": "data/orders.csv", "keys": ["id"]}]
            """);
        var catalog = JsonNode.Parse((await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config, "--discover")).Stdout)!;
        var customers = catalog["streams"]![0]!;
        customers["schema"]!["properties"]!["id"] = new JsonObject { ["type"] = "integer" };
        foreach (var m in customers["metadata"]!.AsArray())
        {
            var crumb = m!["breadcrumb"]!.AsArray();
            m["metadata"]!["selected"] = !(crumb.Count == 2 && crumb[1]!.ToString() == "email");
        }
        catalog["streams"]![1]!["metadata"]![0]!["metadata"]!["selected"] = false;
        var catalogFile = dir.Write("catalog.json", catalog.ToJsonString());

        var (code, stdout, stderr) = await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config, "--catalog", catalogFile);

        Assert.True(code == 0, stderr);
        var messages = Messages(stdout);
        Assert.DoesNotContain(messages, m => m["stream"]?.ToString() == "orders");
        var first = Records(messages, "customers").First();
        Assert.Equal("""{"id":1,"name":"Ada","updated_at":"2026-01-01T00:00:00Z"}""", first.ToJsonString());
        var schema = messages.Single(m => m["type"]!.ToString() == "SCHEMA")["schema"]!["properties"]!.AsObject();
        Assert.Equal(["id", "name", "updated_at"], schema.Select(p => p.Key));
    }

    [Fact]
    public async Task Glob_reads_every_matching_file_in_order()
    {
        using var dir = new TempDir();
        dir.Write("data/part-2.csv", "id,v\n3,c\n");
        dir.Write("data/part-1.csv", "id,v\n1,a\n2,b\n");
        dir.Write("data/other.txt", "not csv");
        var config = Config(dir, """[{"entity": "parts", "path": "data/part-*.csv", "keys": ["id"]}]""");

        var messages = Messages((await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config)).Stdout);

        Assert.Equal(["1", "2", "3"], Records(messages, "parts").Select(r => r["id"]!.ToString()));
    }

    [Fact]
    public async Task Files_can_come_from_a_csv_files_definition_file()
    {
        using var dir = new TempDir();
        dir.Write("data/c.csv", "id,v\n1,a\n");
        dir.Write("files.json", """[{"entity": "c", "path": "data/c.csv", "keys": ["id"]}]""");
        var config = dir.Write("config.json", """{"csv_files_definition": "files.json"}""");

        var (code, stdout, stderr) = await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config);

        Assert.True(code == 0, stderr);
        Assert.Equal(["1"], Records(Messages(stdout), "c").Select(r => r["id"]!.ToString()));
    }

    [Fact]
    public async Task Missing_file_fails_naming_the_stream_and_the_path()
    {
        using var dir = new TempDir();
        var config = Config(dir, """[{"entity": "customers", "path": "data/nope.csv", "keys": ["id"]}]""");

        var (code, _, stderr) = await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("stream 'customers'", stderr);
        Assert.Contains("data/nope.csv", stderr);
    }

    [Fact]
    public async Task Key_missing_from_the_header_fails_naming_the_column()
    {
        using var dir = new TempDir();
        dir.Write("data/c.csv", "name\nAda\n");
        var config = Config(dir, """[{"entity": "c", "path": "data/c.csv", "keys": ["id"]}]""");

        var (code, _, stderr) = await PluginProcess.RunAsync("tap-csv", dir.Path, "", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("column 'id'", stderr);
    }
}
