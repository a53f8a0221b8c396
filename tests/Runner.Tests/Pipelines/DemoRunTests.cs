using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>The demo project (tap-csv -> target-jsonl) through `tapline run`/`elt` as real processes.</summary>
public class DemoRunTests
{
    private const string DemoStateId = "dev:tap-csv-to-target-jsonl";

    [Fact]
    public async Task Running_the_demo_twice_adds_nothing_the_second_time()
    {
        var root = Projects.Demo();

        var first = await RunAsync(root, "run", "tap-csv", "target-jsonl");
        var second = await RunAsync(root, "run", "tap-csv", "target-jsonl");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(5, Projects.OutputLines(root, "customers").Length);
        Assert.Equal(6, Projects.OutputLines(root, "orders").Length);

        var runs = await RunsAsync(root);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r =>
        {
            Assert.Equal(RunStatus.Success, r.Status);
            Assert.Equal(RunTrigger.Cli, r.Trigger);
            Assert.Equal(DemoStateId, r.StateId);
            Assert.Equal("tap-csv target-jsonl", r.Block);
            Assert.Equal("""{"tap-csv":0,"target-jsonl":0}""", r.ExitCodes);
            Assert.Null(r.Error);
        });
        Assert.Equal(11, runs[0].Records);
        var counts = JsonNode.Parse(runs[0].StreamCounts!)!;
        Assert.Equal(5, (int)counts["customers"]!["records"]!);
        Assert.Equal(6, (int)counts["orders"]!["records"]!);
        // Bytes are kept per stream, end to end (the run page shows them).
        Assert.True((long)counts["customers"]!["bytes"]! > 0);
        Assert.Equal(0, runs[1].Records);

        var state = await StateAsync(root, DemoStateId);
        Assert.NotNull(state);
        var bookmarks = JsonNode.Parse(state.Completed!)!["singer_state"]!["bookmarks"]!;
        Assert.Equal("2026-01-05T09:00:00Z", (string?)bookmarks["customers"]!["replication_key_value"]);
        Assert.Equal("updated_at", (string?)bookmarks["orders"]!["replication_key"]);
    }

    [Fact]
    public async Task Each_run_writes_its_prefixed_log_under_the_state_id_and_run_id()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "tap-csv", "target-jsonl");

        Assert.True(r.ExitCode == 0, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        var expected = Path.Combine(root, ".meltano", "logs", "elt", DemoStateId, run.RunId.ToString(), "elt.log");
        Assert.Equal(expected, run.LogPath);
        var lines = await File.ReadAllLinesAsync(expected);
        Assert.NotEmpty(lines);
        var prefixed = new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [\w-]+ \| ");
        Assert.All(lines, line => Assert.Matches(prefixed, line));
        Assert.Contains(lines, l => l.Contains(" tapline | tap-csv exited with code 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Incremental state has been updated", StringComparison.Ordinal));
        // The same lines go to the console, so cron mail and container logs carry them too.
        Assert.Contains("tap-csv exited with code 0", r.Stderr);
        Assert.Contains($"Log: {expected}", r.Stderr);
    }

    [Fact]
    public async Task Full_refresh_extracts_everything_again()
    {
        var root = Projects.Demo();
        Assert.Equal(0, (await RunAsync(root, "run", "tap-csv", "target-jsonl")).ExitCode);

        var refresh = await RunAsync(root, "run", "tap-csv", "target-jsonl", "--full-refresh");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Equal(10, Projects.OutputLines(root, "customers").Length);
        Assert.Equal(12, Projects.OutputLines(root, "orders").Length);
        Assert.Equal(11, (await RunsAsync(root))[1].Records);
    }

    [Fact]
    public async Task Elt_with_state_id_keeps_state_under_that_id()
    {
        var root = Projects.Demo();

        var first = await RunAsync(root, "elt", "tap-csv", "target-jsonl", "--state-id", "nightly-csv");
        var second = await RunAsync(root, "elt", "tap-csv", "target-jsonl", "--state-id", "nightly-csv");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotNull(await StateAsync(root, "nightly-csv"));
        Assert.Null(await StateAsync(root, DemoStateId));
        var runs = await RunsAsync(root);
        Assert.All(runs, r => Assert.Equal("nightly-csv", r.StateId));
        Assert.Equal([11L, 0L], runs.Select(r => r.Records));
        Assert.True(File.Exists(Path.Combine(root, ".meltano", "logs", "elt", "nightly-csv", runs[0].RunId.ToString(), "elt.log")));
    }

    [Fact]
    public async Task The_job_csv_to_jsonl_runs_its_block()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "csv-to-jsonl");

        Assert.True(r.ExitCode == 0, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal("tap-csv target-jsonl", run.Block);
        Assert.Equal(DemoStateId, run.StateId);
        Assert.Equal(11, run.Records);
        Assert.NotNull(await StateAsync(root, DemoStateId));
    }

    [Fact]
    public async Task Dry_run_shows_the_steps_and_runs_nothing()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "csv-to-jsonl", "--dry-run");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("tap-csv target-jsonl", r.Stdout);
        Assert.Contains(DemoStateId, r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(root, "output")));
        Assert.False(File.Exists(Path.Combine(root, ".meltano", "meltano.db")), "a dry run must not even create the system database");
    }

    [Fact]
    public async Task With_a_sys_dir_the_run_keeps_its_log_and_row_under_it_where_the_api_reads_them()
    {
        // Before, elt.log went to <root>/.meltano/logs whatever MELTANO_SYS_DIR_ROOT said, and the Api refused it.
        var root = Projects.Demo();
        var sysDir = Path.Combine(root, "state-dir");

        var r = await RunAsync(root, ["run", "tap-csv", "target-jsonl"], new Dictionary<string, string> { ["MELTANO_SYS_DIR_ROOT"] = sysDir });

        Assert.True(r.ExitCode == 0, r.ToString());
        var db = new SystemDbContextFactory(SystemDatabaseConnection.Resolve(null, "sqlite:///state-dir/meltano.db", root));
        var run = Assert.Single(await RunsAsync(db));
        Assert.StartsWith(Path.Combine(sysDir, "logs", "elt", DemoStateId) + Path.DirectorySeparatorChar, run.LogPath, StringComparison.Ordinal);
        Assert.True(File.Exists(run.LogPath));
        Assert.False(Directory.Exists(Path.Combine(root, ".meltano", "logs")), "a log was written outside the sys dir");
    }

    [Fact]
    public async Task The_environments_state_id_suffix_is_in_the_run_rows_state_id_and_the_saved_state()
    {
        // The same id the Scheduler's job schedules and the Api's Run now give (ScheduleCompilerTests, SchedulesEndpointTests).
        var root = Projects.Demo();
        var yml = Path.Combine(root, "meltano.yml");
        await File.WriteAllTextAsync(yml, (await File.ReadAllTextAsync(yml)).Replace("- name: dev\n", "- name: dev\n  state_id_suffix: blue\n", StringComparison.Ordinal));

        var r = await RunAsync(root, "run", "tap-csv", "target-jsonl");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(DemoStateId + ":blue", Assert.Single(await RunsAsync(root)).StateId);
        Assert.NotNull(await new StateStore(Database(root)).GetAsync(DemoStateId + ":blue"));
        Assert.Null(await new StateStore(Database(root)).GetAsync(DemoStateId));
    }

    [Fact]
    public async Task Select_customers_extracts_only_customers()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "tap-csv", "target-jsonl", "--select", "customers");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(5, Projects.OutputLines(root, "customers").Length);
        Assert.False(File.Exists(Path.Combine(root, "output", "orders.jsonl")));
        var run = Assert.Single(await RunsAsync(root));
        var counts = JsonNode.Parse(run.StreamCounts!)!.AsObject();
        Assert.Equal(["customers"], counts.Select(kv => kv.Key));
        Assert.Equal(5, (int)counts["customers"]!["records"]!);
    }

    [Fact]
    public async Task Exclude_orders_extracts_everything_but_orders()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "tap-csv", "target-jsonl", "--exclude", "orders");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(5, Projects.OutputLines(root, "customers").Length);
        Assert.False(File.Exists(Path.Combine(root, "output", "orders.jsonl")));
    }
}
