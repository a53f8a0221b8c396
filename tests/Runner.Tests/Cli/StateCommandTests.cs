using Tapline.Core.Data.Database;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class StateCommandTests
{
    private const string Yaml = """
        version: 1
        plugins:
          extractors:
          - name: tap-exe
            executable: /bin/true
        """;

    private sealed record Project(string Root, Dictionary<string, string> Env)
    {
        public Task<Result> Tapline(params string[] args) => RunAsync(["--cwd", Root, .. args], env: Env);

        public Task<Result> TaplineWithStdin(string stdin, params string[] args) => RunAsync(["--cwd", Root, .. args], env: Env, stdin: stdin);

        // The same database the CLI uses, opened as another Tapline process (the engine, the worker) would.
        public async Task<StateStore> StoreAsync()
        {
            var connection = SystemDatabaseConnection.Resolve(null, Env.GetValueOrDefault("MELTANO_DATABASE_URI"), Root);
            return new StateStore(await SystemDatabase.MigrateAsync(connection));
        }
    }

    private static async Task<Project> NewProjectAsync(string database) =>
        new(TempProject(Yaml), await CliProjects.DatabaseEnvAsync(database));

    private static void Ok(Result r) => Assert.True(r.ExitCode == 0, r.ToString());

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Set_get_merge_copy_move_list_and_clear_round_trip_in_Meltanos_shape(string database)
    {
        var p = await NewProjectAsync(database);

        Ok(await p.Tapline("state", "set", "dev:tap-a-to-target-b", """{"singer_state": {"bookmarks": {"users": {"id": 1}}}}""", "--force"));
        var set = await p.Tapline("state", "get", "dev:tap-a-to-target-b");
        Ok(await p.Tapline("state", "merge", "dev:tap-a-to-target-b", """{"singer_state":{"bookmarks":{"orders":{"id":"ü-5"}}}}"""));
        var merged = await p.Tapline("state", "get", "dev:tap-a-to-target-b");
        Ok(await p.Tapline("state", "copy", "dev:tap-a-to-target-b", "backup", "--force"));
        Ok(await p.Tapline("state", "move", "backup", "prod:tap-a-to-target-b", "--force"));
        var list = await p.Tapline("state", "list");
        var pattern = await p.Tapline("state", "list", "prod:*");
        var moved = await p.Tapline("state", "get", "prod:tap-a-to-target-b");
        Ok(await p.Tapline("state", "clear", "dev:tap-a-to-target-b", "--force"));
        var cleared = await p.Tapline("state", "get", "dev:tap-a-to-target-b");
        var after = await p.Tapline("state", "list", "--pattern", "dev:*");

        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}}}}\n", set.Stdout);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}, \"orders\": {\"id\": \"\\u00fc-5\"}}}}\n", merged.Stdout);
        Assert.Equal("dev:tap-a-to-target-b\nprod:tap-a-to-target-b\n", list.Stdout);
        Assert.Equal("prod:tap-a-to-target-b\n", pattern.Stdout);
        Assert.Equal(merged.Stdout, moved.Stdout);
        Assert.Equal("{}\n", cleared.Stdout);
        Assert.Equal("", after.Stdout);
        Assert.Contains("No state IDs found.", after.Stderr);
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Get_prints_exactly_the_state_the_engine_saved_partial_or_complete(string database)
    {
        var p = await NewProjectAsync(database);
        var store = await p.StoreAsync();
        var runId = Guid.NewGuid();
        // As PipelineExecutor saves a loader's STATE lines: a complete one, then a partial one on top.
        StoredState? engine = null;
        engine = StateMerge.Apply(engine, StateMerge.Wrap(JsonDocument.Parse("""{"bookmarks":{"users":{"id":1}}}""").RootElement), partial: false);
        await store.SaveAsync("dev:tap-a-to-target-b", engine, runId);
        var complete = await p.Tapline("state", "get", "dev:tap-a-to-target-b");
        engine = StateMerge.Apply(engine, StateMerge.Wrap(JsonDocument.Parse("""{"bookmarks":{"orders":{"id":"ü"}}}""").RootElement), partial: true);
        await store.SaveAsync("dev:tap-a-to-target-b", engine, runId);
        var partial = await p.Tapline("state", "get", "dev:tap-a-to-target-b");
        var stored = await store.GetAsync("dev:tap-a-to-target-b");

        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}}}}\n", complete.Stdout);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}, \"orders\": {\"id\": \"\\u00fc\"}}}}\n", partial.Stdout);
        Assert.Equal(engine.Completed.ToJsonString(), stored!.Completed);
        Assert.Equal(engine.Partial.ToJsonString(), stored.Partial);
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Set_stores_the_same_text_the_engine_stores_for_a_complete_state(string database)
    {
        var p = await NewProjectAsync(database);
        var store = await p.StoreAsync();
        await store.SaveAsync("engine", StateMerge.Set(JsonNode.Parse("""{"singer_state":{"bookmarks":{"users":{"id":3}}}}""")!.AsObject()), Guid.NewGuid());

        Ok(await p.Tapline("state", "set", "cli", """{"singer_state": {"bookmarks": {"users": {"id": 3}}}}""", "--force"));
        var engine = await store.GetAsync("engine");
        var cli = await store.GetAsync("cli");

        Assert.Equal((engine!.Completed, engine.Partial), (cli!.Completed, cli.Partial));
        Assert.Null(cli.Partial);
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Restore_puts_back_the_state_a_past_run_saved(string database)
    {
        var p = await NewProjectAsync(database);
        var store = await p.StoreAsync();
        var runId = Guid.NewGuid();
        await store.SetAsync("tap-a-to-target-b", """{"singer_state":{"bookmarks":{"users":{"id":41}}}}""", null, runId);
        Ok(await p.Tapline("state", "set", "tap-a-to-target-b", """{"singer_state":{"bookmarks":{"users":{"id":9000}}}}""", "--force"));

        var restore = await p.Tapline("state", "restore", "tap-a-to-target-b", "--run", runId.ToString(), "--force");
        var get = await p.Tapline("state", "get", "tap-a-to-target-b");
        var unknownRun = await p.Tapline("state", "restore", "tap-a-to-target-b", "--run", Guid.NewGuid().ToString(), "--force");

        Ok(restore);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 41}}}}\n", get.Stdout);
        Assert.Equal(1, unknownRun.ExitCode);
        Assert.Contains("saved no state for state id 'tap-a-to-target-b'", unknownRun.Stderr);
    }

    [Fact]
    public async Task Merge_from_another_state_id_adds_its_effective_state_as_partial()
    {
        var p = await NewProjectAsync(CliProjects.Sqlite);
        Ok(await p.Tapline("state", "set", "a", """{"singer_state":{"bookmarks":{"users":{"id":1},"orders":{"id":1}}}}""", "--force"));
        Ok(await p.Tapline("state", "set", "b", """{"singer_state":{"bookmarks":{"orders":{"id":7}}}}""", "--force"));

        Ok(await p.Tapline("state", "merge", "a", "--from-state-id", "b"));
        var get = await p.Tapline("state", "get", "a");
        var store = await p.StoreAsync();
        var row = await store.GetAsync("a");

        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}, \"orders\": {\"id\": 7}}}}\n", get.Stdout);
        Assert.Equal("""{"singer_state":{"bookmarks":{"users":{"id":1},"orders":{"id":1}}}}""", row!.Completed);
        Assert.Equal("""{"singer_state":{"bookmarks":{"orders":{"id":7}}}}""", row.Partial);
    }

    [Fact]
    public async Task Set_from_an_input_file_replaces_partial_state_too()
    {
        var p = await NewProjectAsync(CliProjects.Sqlite);
        Ok(await p.Tapline("state", "set", "a", """{"singer_state":{"bookmarks":{"users":{"id":1}}}}""", "--force"));
        Ok(await p.Tapline("state", "merge", "a", """{"singer_state":{"bookmarks":{"orders":{"id":2}}}}"""));
        var file = Path.Combine(p.Root, "state.json");
        await File.WriteAllTextAsync(file, """{"singer_state":{"bookmarks":{"users":{"id":3}}}}""");

        Ok(await p.Tapline("state", "set", "a", "--input-file", file, "--force"));
        var get = await p.Tapline("state", "get", "a");

        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 3}}}}\n", get.Stdout);
    }

    [Fact]
    public async Task Destructive_verbs_without_force_are_refused_when_stdin_is_not_a_terminal()
    {
        var p = await NewProjectAsync(CliProjects.Sqlite);
        Ok(await p.Tapline("state", "set", "a", """{"singer_state":{"bookmarks":{"users":{"id":1}}}}""", "--force"));

        var set = await p.TaplineWithStdin("y\n", "state", "set", "a", """{"singer_state":{}}""");
        var clear = await p.TaplineWithStdin("y\n", "state", "clear", "a");
        var copy = await p.TaplineWithStdin("y\n", "state", "copy", "a", "b");
        var move = await p.TaplineWithStdin("y\n", "state", "move", "a", "b");
        var get = await p.Tapline("state", "get", "a");
        var list = await p.Tapline("state", "list");

        foreach (var r in new[] { set, clear, copy, move })
        {
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("Pass --force to confirm", r.Stderr);
        }
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}}}}\n", get.Stdout);
        Assert.Equal("a\n", list.Stdout);
    }

    [Fact]
    public async Task Invalid_state_is_refused_with_Meltanos_message_and_nothing_is_written()
    {
        var p = await NewProjectAsync(CliProjects.Sqlite);

        var noSingerState = await p.Tapline("state", "set", "a", """{"bookmarks":{}}""", "--force");
        var notJson = await p.Tapline("state", "merge", "a", "{not json");
        var both = await p.Tapline("state", "merge", "a", """{"singer_state":{}}""", "--from-state-id", "b");
        var list = await p.Tapline("state", "list");

        Assert.Equal(2, noSingerState.ExitCode);
        Assert.Contains("singer_state not found in top level of provided state", noSingerState.Stderr);
        Assert.Equal(2, notJson.ExitCode);
        Assert.Contains("STATE is not valid JSON", notJson.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("Must provide exactly one of: --input-file, STATE, --from-state-id", both.Stderr);
        Assert.Equal("", list.Stdout);
    }

    [Fact]
    public async Task Copy_from_a_state_id_without_state_fails_and_leaves_the_destination()
    {
        var p = await NewProjectAsync(CliProjects.Sqlite);
        Ok(await p.Tapline("state", "set", "dst", """{"singer_state":{"bookmarks":{"users":{"id":1}}}}""", "--force"));

        var r = await p.Tapline("state", "copy", "nothing-here", "dst", "--force");
        var get = await p.Tapline("state", "get", "dst");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("state id 'nothing-here' has no state", r.Stderr);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"id\": 1}}}}\n", get.Stdout);
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Rewind_sets_one_streams_bookmark_keeps_the_others_and_refuses_a_wrong_kind_in_one_line(string database)
    {
        var p = await NewProjectAsync(database);
        Ok(await p.Tapline("state", "set", "dev:tap-a-to-target-b", """
            {"singer_state": {"bookmarks": {"orders": {"replication_key": "updated_at", "replication_key_value": "2024-03-01T00:00:00+00:00"},
             "users": {"replication_key": "id", "replication_key_value": 50}}}}
            """, "--force"));

        var wrong = await p.Tapline("state", "rewind", "dev:tap-a-to-target-b", "orders", "--to", "last tuesday", "--force");
        var both = await p.Tapline("state", "rewind", "dev:tap-a-to-target-b", "orders", "--to", "1", "--clear", "--force");
        var unasked = await p.TaplineWithStdin("", "state", "rewind", "dev:tap-a-to-target-b", "orders", "--to", "2024-01-01T00:00:00Z");
        Ok(await p.Tapline("state", "rewind", "dev:tap-a-to-target-b", "orders", "--to", "2024-01-01T00:00:00Z", "--reason", "reload January", "--force"));
        Ok(await p.Tapline("state", "rewind", "dev:tap-a-to-target-b", "users", "--clear", "--force"));
        var get = await p.Tapline("state", "get", "dev:tap-a-to-target-b");

        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal(
            "error: stream 'orders' of state 'dev:tap-a-to-target-b': bookmark 'replication_key_value' is a timestamp (2024-03-01T00:00:00+00:00); 'last tuesday' is not an ISO 8601 timestamp (e.g. 2024-01-31T00:00:00+00:00)\n",
            wrong.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(1, unasked.ExitCode);
        Assert.Contains("Pass --force to confirm", unasked.Stderr, StringComparison.Ordinal);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"orders\": {\"replication_key\": \"updated_at\", \"replication_key_value\": \"2024-01-01T00:00:00Z\"}}}}\n", get.Stdout);
        var latest = (await (await p.StoreAsync()).GetHistoryAsync("dev:tap-a-to-target-b"))[1];
        Assert.Equal(("reload January", true), (latest.Reason, latest.Actor!.StartsWith("cli:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task History_lists_runs_and_edits_with_who_and_why_and_restore_entry_puts_one_back(string database)
    {
        var p = await NewProjectAsync(database);
        var runId = Guid.NewGuid();
        await (await p.StoreAsync()).SetAsync("dev:a-to-b", """{"singer_state": {"bookmarks": {"users": {"replication_key_value": 5}}}}""", null, runId);
        Ok(await p.Tapline("state", "rewind", "dev:a-to-b", "users", "--to", "1", "--reason", "replay", "--force"));

        var history = await p.Tapline("state", "history", "dev:a-to-b");
        var lines = history.Stdout.TrimEnd('\n').Split('\n');
        var runEntry = lines[1].Split('\t')[0];
        var both = await p.Tapline("state", "restore", "dev:a-to-b", "--run", runId.ToString(), "--entry", runEntry, "--force");
        Ok(await p.Tapline("state", "restore", "dev:a-to-b", "--entry", runEntry, "--reason", "undo replay", "--force"));
        var get = await p.Tapline("state", "get", "dev:a-to-b");

        Ok(history);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d+\t\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\tcli:\S+\treplay$", lines[0]);
        Assert.EndsWith($"\trun {runId}", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("{\"singer_state\": {\"bookmarks\": {\"users\": {\"replication_key_value\": 5}}}}\n", get.Stdout);
    }
}
