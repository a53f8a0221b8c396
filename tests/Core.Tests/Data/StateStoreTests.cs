using Tapline.Core.Data.Database;
using System.Text.Json.Nodes;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Data;

public class StateStoreTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Every_save_is_kept_in_history_newest_first_with_its_run(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        var run1 = Guid.NewGuid();
        var run2 = Guid.NewGuid();

        await store.SetAsync("dev:tap-csv-to-target-jsonl", """{"bookmarks":{"users":1}}""", null, run1);
        await store.SetAsync("dev:tap-csv-to-target-jsonl", """{"bookmarks":{"users":1}}""", """{"bookmarks":{"users":2}}""", run2);
        await store.SetAsync("dev:tap-csv-to-target-jsonl", """{"bookmarks":{"users":3}}""", null, run2);

        var history = await store.GetHistoryAsync("dev:tap-csv-to-target-jsonl");
        Assert.Equal([run2, run2, run1], history.Select(h => h.RunId!.Value));
        Assert.Equal("""{"bookmarks":{"users":3}}""", (await store.GetAsync("dev:tap-csv-to-target-jsonl"))!.Completed);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Many_states_load_at_once_across_batches_and_missing_ids_are_absent(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        await store.SetAsync("s-0007", """{"singer_state":{"bookmarks":{"a":{"id":7}}}}""", null);
        await store.SetAsync("s-1100", """{"singer_state":{"bookmarks":{"a":{"id":1100}}}}""", """{"singer_state":{"bookmarks":{"b":{"id":1}}}}""");

        var loaded = await store.LoadManyAsync(Enumerable.Range(0, 1201).Select(i => $"s-{i:0000}"));

        Assert.Equal(["s-0007", "s-1100"], loaded.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, (int)loaded["s-0007"].Completed["singer_state"]!["bookmarks"]!["a"]!["id"]!);
        Assert.Equal(1, (int)loaded["s-1100"].Partial["singer_state"]!["bookmarks"]!["b"]!["id"]!);
        Assert.NotNull(loaded["s-1100"].UpdatedAt);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Copy_move_list_and_clear_work_as_meltano_state_commands(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        await store.SetAsync("dev:a-to-b", """{"x":1}""", """{"x":2}""");

        Assert.True(await store.CopyAsync("dev:a-to-b", "prod:a-to-b"));
        Assert.True(await store.MoveAsync("dev:a-to-b", "dev:a-to-c"));
        Assert.False(await store.CopyAsync("dev:missing", "dev:other"));

        Assert.Equal(["dev:a-to-c", "prod:a-to-b"], (await store.ListAsync()).Select(s => s.StateId));
        Assert.Equal(["dev:a-to-c"], (await store.ListAsync("dev:*")).Select(s => s.StateId));
        var copied = await store.GetAsync("prod:a-to-b");
        Assert.Equal(("""{"x":1}""", """{"x":2}"""), (copied!.Completed, copied.Partial));
        Assert.Null(await store.GetAsync("dev:a-to-b"));

        Assert.True(await store.ClearAsync("prod:a-to-b"));
        Assert.Null(await store.GetAsync("prod:a-to-b"));
        Assert.False(await store.ClearAsync("prod:a-to-b"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_and_load_round_trip_Meltanos_shape_with_partial_kept_only_when_present(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        var complete = StateMerge.Set(JsonNode.Parse("""{"singer_state":{"bookmarks":{"users":1}}}""")!.AsObject());
        var withPartial = StateMerge.Apply(complete, JsonNode.Parse("""{"singer_state":{"bookmarks":{"orders":2}}}""")!.AsObject(), partial: true);

        await store.SaveAsync("complete", complete);
        await store.SaveAsync("partial", withPartial);
        var completeRow = await store.GetAsync("complete");
        var loaded = await store.LoadAsync("partial");

        Assert.Equal("""{"singer_state":{"bookmarks":{"users":1}}}""", completeRow!.Completed);
        Assert.Null(completeRow.Partial);
        Assert.Equal(withPartial.Completed.ToJsonString(), loaded!.Completed.ToJsonString());
        Assert.Equal(withPartial.Partial.ToJsonString(), loaded.Partial.ToJsonString());
        Assert.Null(await store.LoadAsync("none"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Load_of_stored_text_that_is_not_json_names_the_state_id(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        await store.SetAsync("dev:broken", "{not json", null);

        var error = await Assert.ThrowsAsync<IOException>(() => store.LoadAsync("dev:broken"));

        Assert.StartsWith("the stored state of 'dev:broken' is not valid JSON", error.Message);
    }
}
