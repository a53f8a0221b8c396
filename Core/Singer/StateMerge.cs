using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// Meltano's state rules as pure functions (meltano/core/state_store/base.py, db.py,
/// state_service.py, utils.merge). Inputs are never modified; results are fresh nodes.
/// </summary>
public static class StateMerge
{
    /// <summary>The key Meltano wraps the Singer state in.</summary>
    public const string SingerStateKey = "singer_state";

    /// <summary>
    /// Meltano's <c>merge(src, dest)</c> without the mutation: keys of <paramref name="source"/> win,
    /// objects merge at depth, anything else (arrays, scalars, null) replaces.
    /// </summary>
    public static JsonObject DeepMerge(JsonObject source, JsonObject destination)
    {
        var result = (JsonObject)destination.DeepClone();
        MergeInto(source, result);
        return result;
    }

    /// <summary>The state a run starts from: partial merged onto completed (<c>json_merged</c>).</summary>
    public static JsonObject Effective(StoredState stored) => DeepMerge(stored.Partial, stored.Completed);

    /// <summary>
    /// The Singer state to give the extractor (<c>--state</c>), or null for none:
    /// <c>--full-refresh</c> ignores stored state, as does a store without any.
    /// </summary>
    public static JsonObject? ForExtractor(StoredState? stored, bool fullRefresh)
    {
        if (fullRefresh || stored is null)
        {
            return null;
        }

        return Effective(stored)[SingerStateKey] is JsonObject singer && singer.Count > 0
            ? (JsonObject)singer.DeepClone()
            : null;
    }

    /// <summary>
    /// Meltano's <c>should_merge_states</c>: a full refresh under the auto strategy writes partial
    /// state (so streams it did not touch keep their bookmarks), as does <c>--merge-state</c>.
    /// </summary>
    public static bool WritesPartial(bool fullRefresh, StateStrategy strategy) =>
        (fullRefresh && strategy == StateStrategy.Auto) || strategy == StateStrategy.Merge;

    /// <summary>Meltano's payload for a state value: <c>{"singer_state": value}</c>.</summary>
    public static JsonObject Wrap(JsonElement singerState) =>
        new() { [SingerStateKey] = JsonNode.Parse(singerState.GetRawText()) };

    /// <summary>
    /// The store after a new payload, as Meltano's <c>StateStoreManager.update</c> + <c>set</c>:
    /// a complete payload replaces both completed and partial; a partial payload merges onto the
    /// stored partial and keeps completed.
    /// </summary>
    public static StoredState Apply(StoredState? current, JsonObject payload, bool partial)
    {
        if (!partial)
        {
            return new StoredState((JsonObject)payload.DeepClone(), []);
        }

        current ??= StoredState.Empty;
        return new StoredState((JsonObject)current.Completed.DeepClone(), DeepMerge(payload, current.Partial));
    }

    /// <summary>
    /// <c>state merge SRC DST</c>: the effective state of the source added to the destination as partial.
    /// </summary>
    public static StoredState MergeFrom(StoredState? destination, StoredState source) =>
        Apply(destination, Effective(source), partial: true);

    /// <summary><c>state set</c> / <c>copy</c> / <c>move</c>: the payload becomes the complete state.</summary>
    public static StoredState Set(JsonObject payload) => Apply(null, payload, partial: false);

    /// <summary>
    /// Meltano's <c>validate_state</c> for <c>state set</c>: the payload must hold <c>singer_state</c>.
    /// Returns the error to show, or null when valid.
    /// </summary>
    public static string? Validate(JsonNode? payload) =>
        payload is JsonObject obj && obj.ContainsKey(SingerStateKey)
            ? null
            : $"{SingerStateKey} not found in top level of provided state";

    private static void MergeInto(JsonObject source, JsonObject destination)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceChild)
            {
                // Meltano's setdefault keeps a non-object destination value and then fails; replacing it is the only sane reading.
                if (destination[key] is not JsonObject destinationChild)
                {
                    destinationChild = [];
                    destination[key] = destinationChild;
                }

                MergeInto(sourceChild, destinationChild);
            }
            else
            {
                destination[key] = value?.DeepClone();
            }
        }
    }
}
