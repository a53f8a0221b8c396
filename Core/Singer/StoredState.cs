using System.Text.Json.Nodes;

namespace Tapline.Core.Singer;

/// <summary>
/// What the state store keeps per state id, as Meltano's <c>MeltanoState</c>: the last complete
/// payload and the partial payloads merged since. Payloads are Meltano's shape,
/// <c>{"singer_state": {...}}</c>, so <c>state get/set</c> read and write the same JSON as Meltano.
/// </summary>
public sealed record StoredState(JsonObject Completed, JsonObject Partial)
{
    public static StoredState Empty => new([], []);

    /// <summary>When the store saved it (null for a state not read from the store).</summary>
    public DateTime? UpdatedAt { get; init; }

    /// <summary>Meltano's <c>is_complete</c>: a non-empty completed payload.</summary>
    public bool IsComplete => Completed.Count > 0;
}
