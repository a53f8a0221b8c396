using System.Text.Json.Nodes;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Data;

public class StateEditorTests
{
    private const string StateId = "dev:tap-x-to-target-y";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rewind_starts_from_the_effective_state_and_history_records_who_and_why(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        var editor = new StateEditor(store);
        var run = Guid.NewGuid();
        await store.SetAsync(StateId,
            """{"singer_state": {"bookmarks": {"orders": {"replication_key": "updated_at", "replication_key_value": "2024-03-01T00:00:00+00:00"}}}}""",
            """{"singer_state": {"bookmarks": {"users": {"replication_key": "id", "replication_key_value": 9}}}}""", run);

        var edited = await editor.RewindAsync(StateId, "orders", null, "2024-01-01T00:00:00+00:00", new StateChange("ada", "reload January"));

        var loaded = await store.LoadAsync(StateId);
        Assert.Equal(edited.Completed.ToJsonString(), loaded!.Completed.ToJsonString());
        Assert.Empty(loaded.Partial);
        var streams = Bookmarks.Of(loaded.Completed);
        Assert.Equal("2024-01-01T00:00:00+00:00", streams.Single(s => s.Stream == "orders").Values[0].Text);
        Assert.Equal("9", streams.Single(s => s.Stream == "users").Values[0].Text);
        var latest = (await store.GetHistoryAsync(StateId))[0];
        Assert.Equal(("ada", "reload January", (Guid?)null), (latest.Actor, latest.Reason, latest.RunId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Clearing_a_stream_and_restoring_a_history_entry_are_recorded_edits(DatabaseProvider provider)
    {
        var store = new StateStore(await TestDatabases.MigratedAsync(provider));
        var editor = new StateEditor(store);
        await store.SaveAsync(StateId, StateMerge.Set(JsonNode.Parse(
            """{"singer_state": {"bookmarks": {"a": {"replication_key_value": 1}, "b": {"replication_key_value": 2}}}}""")!.AsObject()), Guid.NewGuid());
        var first = (await store.GetHistoryAsync(StateId))[0].Id;

        await editor.ClearStreamAsync(StateId, "a", new StateChange("ada", null));
        Assert.Equal(["b"], Bookmarks.Of((await store.LoadAsync(StateId))!.Completed).Select(s => s.Stream));

        var restored = await editor.RestoreEntryAsync(StateId, first, new StateChange("cli:root", "undo"));

        Assert.Equal(["a", "b"], Bookmarks.Of(restored.Completed).Select(s => s.Stream));
        Assert.Equal(["a", "b"], Bookmarks.Of((await store.LoadAsync(StateId))!.Completed).Select(s => s.Stream));
        Assert.Equal(["cli:root", "ada", null], (await store.GetHistoryAsync(StateId)).Select(h => h.Actor));
        var missing = await Assert.ThrowsAsync<BookmarkEditException>(() => editor.RestoreEntryAsync(StateId, first + 100, new StateChange("ada", null)));
        Assert.True(missing.NotFound);
        await Assert.ThrowsAsync<BookmarkEditException>(() => editor.RewindAsync("dev:none", "a", null, "1", new StateChange("ada", null)));
    }
}
