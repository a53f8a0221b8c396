using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// Full refresh of chosen streams (Meltano's <c>--full-refresh</c> wipes every stream's state, Meltano #9238):
/// the chosen streams' Singer bookmarks, and <c>currently_syncing</c> when it names one of them, are left out of
/// the state the tap is given; every other stream keeps its bookmark.
/// </summary>
public static class StreamRefresh
{
    public const string Bookmarks = "bookmarks";
    public const string CurrentlySyncing = "currently_syncing";

    /// <summary>True when <paramref name="stream"/> is one of <paramref name="chosen"/> (stream ids or select-style patterns such as <c>users*</c>).</summary>
    public static bool IsChosen(string stream, IReadOnlyList<string> chosen) =>
        chosen.Any(c => CatalogFnmatch.IsMatch(stream, SelectPattern.Parse(c).StreamPattern));

    /// <summary>
    /// The tap's state without the chosen streams' bookmarks (null stays null); <paramref name="cleared"/> names the
    /// bookmarks that were removed.
    /// </summary>
    public static JsonObject? Without(JsonObject? singerState, IReadOnlyList<string> chosen, out IReadOnlyList<string> cleared)
    {
        var removed = new List<string>();
        cleared = removed;
        if (singerState is null || chosen.Count == 0)
        {
            return singerState;
        }

        var result = (JsonObject)singerState.DeepClone();
        if (result[Bookmarks] is JsonObject bookmarks)
        {
            foreach (var stream in bookmarks.Select(kv => kv.Key).Where(s => IsChosen(s, chosen)).ToList())
            {
                bookmarks.Remove(stream);
                removed.Add(stream);
            }
        }

        if (result[CurrentlySyncing] is JsonValue syncing && syncing.TryGetValue<string>(out var current) && IsChosen(current, chosen))
        {
            result.Remove(CurrentlySyncing);
        }

        return result;
    }

    /// <summary>The streams of an extractor's cached catalog (<c>.meltano/run/TAP/tap.properties.json</c>); empty when there is none yet.</summary>
    public static IReadOnlyList<string> CatalogStreams(string catalogPath)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(catalogPath))?["streams"] is JsonArray streams
                ? streams.Select(s => (s?["tap_stream_id"] ?? s?["stream"])?.GetValue<string>()).OfType<string>().ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>The streams a stored state has bookmarks for (what an Api request's stream names are checked against).</summary>
    public static IReadOnlyList<string> BookmarkedStreams(StoredState? stored) =>
        stored is not null && StateMerge.Effective(stored)[StateMerge.SingerStateKey]?[Bookmarks] is JsonObject bookmarks
            ? bookmarks.Select(kv => kv.Key).ToList()
            : [];
}
