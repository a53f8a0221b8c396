using System.Text.Json.Nodes;

namespace Tapline.Plugins.Tests;

public class TargetJsonlTests
{
    private const string Schema = """{"type": "SCHEMA", "stream": "users", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}""";

    private static string Config(TempDir dir) => dir.Write("target.json", """{"destination_path": "output"}""");

    [Fact]
    public async Task State_is_printed_only_after_the_records_before_it_are_on_disk()
    {
        using var dir = new TempDir();
        await using var target = PluginProcess.Start("target-jsonl", dir.Path, "--config", Config(dir));

        await target.WriteLineAsync(Schema);
        await target.WriteLineAsync("""{"type": "RECORD", "stream": "users", "record": {"id": 1, "name": "Zoë"}}""");
        await target.WriteLineAsync("""{"type": "RECORD", "stream": "users", "record": {"id": 2}}""");
        await target.WriteLineAsync("""{"type": "STATE", "value": {"bookmarks": {"users": {"replication_key_value": 2}}}}""");

        var state = await target.ReadLineAsync();
        // The target is still running: what it promised with the state must already be in the file.
        Assert.Equal("""{"bookmarks": {"users": {"replication_key_value": 2}}}""", state);
        Assert.Equal(["""{"id": 1, "name": "Zoë"}""", """{"id": 2}"""], dir.Lines("output/users.jsonl"));

        var (code, stderr) = await target.CloseAndWaitAsync();
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public async Task Records_are_appended_across_runs_one_file_per_stream()
    {
        using var dir = new TempDir();
        var config = Config(dir);
        var input = string.Join('\n', Schema,
            """{"type": "SCHEMA", "stream": "orders", "schema": {"properties": {}}, "key_properties": []}""",
            """{"type": "RECORD", "stream": "users", "record": {"id": 1}}""",
            """{"type": "RECORD", "stream": "orders", "record": {"id": 9}}""");

        await PluginProcess.RunAsync("target-jsonl", dir.Path, input, "--config", config);
        var (code, stdout, _) = await PluginProcess.RunAsync("target-jsonl", dir.Path, input, "--config", config);

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Equal(2, dir.Lines("output/users.jsonl").Length);
        Assert.Equal(2, dir.Lines("output/orders.jsonl").Length);
    }

    [Fact]
    public async Task Record_before_its_schema_fails_naming_the_line()
    {
        using var dir = new TempDir();

        var (code, stdout, stderr) = await PluginProcess.RunAsync("target-jsonl", dir.Path,
            """{"type": "RECORD", "stream": "users", "record": {"id": 1}}""" + "\n", "--config", Config(dir));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("line 1", stderr);
        Assert.Contains("before its SCHEMA", stderr);
    }

    [Fact]
    public async Task Invalid_json_fails_naming_the_line_and_prints_no_later_state()
    {
        using var dir = new TempDir();
        var input = Schema + "\n{not json\n" + """{"type": "STATE", "value": {"x": 1}}""" + "\n";

        var (code, stdout, stderr) = await PluginProcess.RunAsync("target-jsonl", dir.Path, input, "--config", Config(dir));

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("line 2", stderr);
    }

    [Fact]
    public async Task Demo_run_twice_adds_nothing_the_second_time()
    {
        using var dir = new TempDir();
        var demoData = Path.Combine(RepoRoot(), "demo", "data");
        foreach (var csv in Directory.GetFiles(demoData, "*.csv")) dir.Write(Path.Combine("data", Path.GetFileName(csv)), File.ReadAllText(csv));
        var tapConfig = dir.Write("tap.json", """
            {"files": [{"entity": "customers", "path": "data/customers.csv", "keys": ["id"], "replication_key": "updated_at"},
                       {"entity": "orders", "path": "data/orders.csv", "keys": ["id"], "replication_key": "updated_at"}]}
            """);
        var targetConfig = Config(dir);

        async Task<string> RunPipelineAsync(params string[] stateArgs)
        {
            var tap = await PluginProcess.RunAsync("tap-csv", dir.Path, "", ["--config", tapConfig, .. stateArgs]);
            Assert.True(tap.ExitCode == 0, tap.Stderr);
            var target = await PluginProcess.RunAsync("target-jsonl", dir.Path, tap.Stdout, "--config", targetConfig);
            Assert.True(target.ExitCode == 0, target.Stderr);
            return target.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        }

        var state = await RunPipelineAsync();
        var customers = dir.Lines("output/customers.jsonl").Length;
        var orders = dir.Lines("output/orders.jsonl").Length;
        Assert.True(customers > 0 && orders > 0);

        var stateFile = dir.Write("state.json", state);
        var secondState = await RunPipelineAsync("--state", stateFile);

        Assert.Equal(customers, dir.Lines("output/customers.jsonl").Length);
        Assert.Equal(orders, dir.Lines("output/orders.jsonl").Length);
        Assert.Equal(JsonNode.Parse(state)!.ToJsonString(), JsonNode.Parse(secondState)!.ToJsonString());
    }

    private static string RepoRoot() => global::Tapline.TestSupport.RepoPaths.Root;
}
