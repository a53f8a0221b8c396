using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Api.State;

/// <summary>A state_id in the list.</summary>
public sealed record StateSummary(string StateId, DateTime UpdatedAt, bool HasPartial)
{
    public static StateSummary From(StateRecord s) => new(s.StateId, s.UpdatedAt, s.HasPartial);
}

/// <summary>
/// Meltano's job state of one state_id (or of one history entry): completed and partial singer state as
/// stored, and the streams' bookmarks of the effective state (what the next run starts from).
/// </summary>
public sealed record StateView(string StateId, JsonElement Completed, JsonElement Partial, DateTime UpdatedAt, List<StreamBookmarkView> Streams)
{
    public static StateView From(string stateId, StoredState state, DateTimeOffset now) => new(
        stateId, Json(state.Completed), Json(state.Partial), state.UpdatedAt ?? now.UtcDateTime,
        Bookmarks.Of(StateMerge.Effective(state)).Select(s => StreamBookmarkView.From(s, now)).ToList());

    private static JsonElement Json(JsonObject node) => JsonSerializer.SerializeToElement(node);
}

/// <summary>One stream's bookmark: its replication key (when the tap names one) and each scalar value.</summary>
public sealed record StreamBookmarkView(string Stream, string? ReplicationKey, List<BookmarkValueView> Values)
{
    public static StreamBookmarkView From(StreamBookmark s, DateTimeOffset now) =>
        new(s.Stream, s.ReplicationKey, s.Values.Select(v => BookmarkValueView.From(v, now)).ToList());
}

/// <summary>
/// One bookmark value. <c>type</c> is timestamp, integer, number, string, boolean or other (edits must keep it);
/// <c>lagSeconds</c> is now minus a timestamp value (how old the newest synced data is), null for other types.
/// </summary>
public sealed record BookmarkValueView(string Key, JsonElement Value, string Type, double? LagSeconds)
{
    public static BookmarkValueView From(BookmarkValue v, DateTimeOffset now) => new(
        v.Key, JsonSerializer.SerializeToElement(v.Value), v.Kind.ToString().ToLowerInvariant(), v.LagAt(now)?.TotalSeconds);
}

/// <summary>One saved version of a state_id: a run's save (<c>runId</c>) or a person's edit (<c>actor</c>, <c>reason</c>); <c>cleared</c> when it emptied the state.</summary>
public sealed record StateHistoryEntry(Guid? RunId, long Id, DateTime SavedAt, string? Actor, string? Reason, bool Cleared)
{
    public static StateHistoryEntry From(StateHistoryRecord h) => new(h.RunId, h.Id, h.SavedAt, h.Actor, h.Reason, h.Completed is null && h.Partial is null);
}
