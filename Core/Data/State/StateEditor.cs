using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Data.State;

/// <summary>
/// The one owner of a person's edits of stored state (CLI <c>state rewind</c>, the Api's state console):
/// rewind or clear one stream's bookmark, restore a history entry. Each edit starts from the effective
/// state (partial merged onto completed: what the next run would start from), is saved complete through
/// <see cref="StateStore.SaveAsync(string, StoredState, StateChange, CancellationToken)"/>, and its history
/// entry names who made it and why.
/// </summary>
public sealed class StateEditor(StateStore store)
{
    /// <summary>Sets one stream's bookmark (default key <c>replication_key_value</c>) to <paramref name="value"/>, validated against the current value's kind.</summary>
    public Task<StoredState> RewindAsync(string stateId, string stream, string? key, string value, StateChange change, CancellationToken cancellationToken = default) =>
        EditAsync(stateId, payload => Bookmarks.Rewind(payload, stateId, stream, key, value), change, cancellationToken);

    /// <summary>Removes one stream's bookmark; the other streams keep theirs.</summary>
    public Task<StoredState> ClearStreamAsync(string stateId, string stream, StateChange change, CancellationToken cancellationToken = default) =>
        EditAsync(stateId, payload => Bookmarks.Clear(payload, stateId, stream), change, cancellationToken);

    /// <summary>Puts back history entry <paramref name="historyId"/> as it was saved (completed and partial).</summary>
    public async Task<StoredState> RestoreEntryAsync(string stateId, long historyId, StateChange change, CancellationToken cancellationToken = default)
    {
        var entry = await store.LoadHistoryEntryAsync(stateId, historyId, cancellationToken)
            ?? throw new BookmarkEditException($"state '{stateId}' has no history entry {historyId}", notFound: true);
        return await SaveAsync(stateId, entry with { UpdatedAt = null }, change, cancellationToken);
    }

    private async Task<StoredState> EditAsync(string stateId, Func<JsonObject, JsonObject> edit, StateChange change, CancellationToken cancellationToken)
    {
        var current = await store.LoadAsync(stateId, cancellationToken)
            ?? throw new BookmarkEditException($"no state is stored for '{stateId}'", notFound: true);
        return await SaveAsync(stateId, StateMerge.Set(edit(StateMerge.Effective(current))), change, cancellationToken);
    }

    private async Task<StoredState> SaveAsync(string stateId, StoredState state, StateChange change, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(stateId, state, change, cancellationToken);
        return state with { UpdatedAt = saved.UpdatedAt };
    }
}
