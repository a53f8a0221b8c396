using System.Text.Json;
using Tapline.Core.Data.State;

namespace Tapline.Api.State;

/// <summary>A state_id in the list.</summary>
public sealed record StateSummary(string StateId, DateTime UpdatedAt, bool HasPartial)
{
    public static StateSummary From(StateRecord s) => new(s.StateId, s.UpdatedAt, !StateView.IsEmpty(s.Partial));
}

/// <summary>Meltano's job state of one state_id: completed and partial singer state.</summary>
public sealed record StateView(string StateId, JsonElement Completed, JsonElement Partial, DateTime UpdatedAt)
{
    public static StateView From(StateRecord s) => new(s.StateId, Json(s.Completed), Json(s.Partial), s.UpdatedAt);

    internal static bool IsEmpty(string? json) => string.IsNullOrWhiteSpace(json) || json.Trim() is "{}" or "null";

    private static JsonElement Json(string? json) =>
        JsonDocument.Parse(IsEmpty(json) ? "{}" : json!).RootElement.Clone();
}

/// <summary>One saved version of a state_id.</summary>
public sealed record StateHistoryEntry(Guid? RunId, long Id, DateTime SavedAt)
{
    public static StateHistoryEntry From(StateHistoryRecord h) => new(h.RunId, h.Id, h.SavedAt);
}
