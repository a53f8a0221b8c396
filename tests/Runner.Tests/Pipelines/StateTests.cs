using System.Text.Json.Nodes;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.TestSupport;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>Incremental state through `tapline run`: what is saved, what is kept, what the tap is given next time.</summary>
public class StateTests
{
    /// <summary>The loader prints whatever the test put in <c>print-state.txt</c> (one state value per line), after its input.</summary>
    private const string TargetPrintingStateFile = "cat > /dev/null\nif [ -f print-state.txt ]; then cat print-state.txt; fi";

    private static string Project() =>
        ScriptProject.Create(ScriptProject.KeepReceivedState + "\n" + ScriptProject.ThreeRecords, TargetPrintingStateFile);

    private static Task Prints(string root, string state) => File.WriteAllTextAsync(Path.Combine(root, "print-state.txt"), state + "\n");

    private static JsonNode? Received(string root) =>
        File.Exists(Path.Combine(root, "received-state.json")) ? JsonNode.Parse(File.ReadAllText(Path.Combine(root, "received-state.json"))) : null;

    [Fact]
    public async Task Saved_state_is_given_to_the_tap_on_the_next_run()
    {
        var root = Project();
        await Prints(root, """{"bookmarks":{"s":{"id":3}}}""");

        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);
        Assert.Null(Received(root));
        File.Delete(Path.Combine(root, "print-state.txt"));
        var second = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bookmarks":{"s":{"id":3}}}"""), Received(root)), Received(root)?.ToJsonString());
    }

    [Fact]
    public async Task Invalid_state_from_the_target_is_ignored_and_the_good_state_kept()
    {
        var root = Project();
        await Prints(root, """{"bookmarks":{"s":{"id":3}}}""");
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);
        var good = (await StateAsync(root, ScriptProject.StateId))!.Completed;

        await Prints(root, "this is not json {\n[1, 2]\n\"a string\"");
        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(good, (await StateAsync(root, ScriptProject.StateId))!.Completed);
        var run = (await RunsAsync(root))[1];
        Assert.Equal(RunStatus.Success, run.Status);
        var log = await File.ReadAllTextAsync(run.LogPath!);
        Assert.Contains("is invalid", log);
        Assert.Contains("incremental state has not been updated", log);
    }

    [Fact]
    public async Task Merge_state_adds_to_the_stored_state_and_the_tap_gets_both()
    {
        var root = Project();
        await Prints(root, """{"bookmarks":{"a":{"id":1}}}""");
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);

        await Prints(root, """{"bookmarks":{"b":{"id":2}}}""");
        var merged = await RunAsync(root, "run", "tap-script", "target-script", "--merge-state");

        Assert.True(merged.ExitCode == 0, merged.ToString());
        var stored = (await StateAsync(root, ScriptProject.StateId))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"singer_state":{"bookmarks":{"a":{"id":1}}}}"""), JsonNode.Parse(stored.Completed!)), stored.Completed);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"singer_state":{"bookmarks":{"b":{"id":2}}}}"""), JsonNode.Parse(stored.Partial!)), stored.Partial);

        File.Delete(Path.Combine(root, "print-state.txt"));
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bookmarks":{"a":{"id":1},"b":{"id":2}}}"""), Received(root)), Received(root)?.ToJsonString());
    }

    [Fact]
    public async Task Without_merge_state_a_new_complete_state_replaces_the_old()
    {
        var root = Project();
        await Prints(root, """{"bookmarks":{"a":{"id":1}}}""");
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);

        await Prints(root, """{"bookmarks":{"b":{"id":2}}}""");
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);

        var stored = (await StateAsync(root, ScriptProject.StateId))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"singer_state":{"bookmarks":{"b":{"id":2}}}}"""), JsonNode.Parse(stored.Completed!)), stored.Completed);
        Assert.Null(stored.Partial);
    }

    [Fact]
    public async Task No_state_update_reads_state_but_saves_none()
    {
        var root = Project();
        await Prints(root, """{"bookmarks":{"a":{"id":1}}}""");
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);

        await Prints(root, """{"bookmarks":{"b":{"id":2}}}""");
        var r = await RunAsync(root, "run", "tap-script", "target-script", "--no-state-update");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bookmarks":{"a":{"id":1}}}"""), Received(root)));
        Assert.Contains("\"a\"", (await StateAsync(root, ScriptProject.StateId))!.Completed);
    }

    [Fact]
    public async Task Runs_and_state_go_to_postgresql_when_MELTANO_DATABASE_URI_says_so()
    {
        var pg = await PostgresServer.GetAsync();
        var cs = await pg.CreateDatabaseAsync("cli_run");
        var root = Projects.Demo();
        var env = new Dictionary<string, string> { ["MELTANO_DATABASE_URI"] = PostgresServer.ToDatabaseUri(cs) };

        var first = await RunAsync(root, ["run", "tap-csv", "target-jsonl"], env);
        var second = await RunAsync(root, ["run", "tap-csv", "target-jsonl"], env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(File.Exists(Path.Combine(root, ".meltano", "meltano.db")), "the SQLite default must not be used");
        var db = new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(cs));
        var runs = await RunsAsync(db);
        Assert.Equal([RunStatus.Success, RunStatus.Success], runs.Select(r => r.Status));
        Assert.Equal([11L, 0L], runs.Select(r => r.Records));
        Assert.NotNull(await new StateStore(db).GetAsync("dev:tap-csv-to-target-jsonl"));
    }
}
