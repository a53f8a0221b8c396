using System.Globalization;
using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Insight;

/// <summary>One stream's data freshness: its bookmark, how far behind now it is, and whether that breaches the threshold.</summary>
public sealed record StreamFreshness(string Stream, DateTimeOffset Bookmark, TimeSpan Lag, TimeSpan? Threshold)
{
    public bool Breached => Threshold is { } limit && Lag > limit;
}

/// <summary>
/// Freshness from the data's own time, not the run's: for every stream whose Singer bookmark holds a
/// timestamp <c>replication_key_value</c>, lag = now - bookmark (for partitioned streams, the oldest
/// partition). A pure function of the stored state, the policy and the clock, so the overview, the
/// pipeline page and the notifier's <c>freshness_breached</c> event all get the same answer.
/// </summary>
public static class Freshness
{
    public static IReadOnlyList<StreamFreshness> Compute(StoredState? state, FreshnessPolicy? policy, DateTimeOffset now)
    {
        if (state is null
            || StateMerge.Effective(state)["singer_state"] is not JsonObject singer
            || singer["bookmarks"] is not JsonObject bookmarks)
        {
            return [];
        }

        var result = new List<StreamFreshness>();
        foreach (var (stream, bookmark) in bookmarks)
        {
            if (bookmark is JsonObject entry && OldestTimestamp(entry) is { } at)
            {
                var lag = now - at;
                result.Add(new StreamFreshness(stream, at, lag < TimeSpan.Zero ? TimeSpan.Zero : lag, policy?.ThresholdFor(stream)));
            }
        }

        return [.. result.OrderBy(f => f.Stream, StringComparer.Ordinal)];
    }

    private static DateTimeOffset? OldestTimestamp(JsonObject bookmark)
    {
        var own = Timestamp(bookmark["replication_key_value"]);
        if (bookmark["partitions"] is not JsonArray partitions)
        {
            return own;
        }

        var oldest = partitions.OfType<JsonObject>().Select(p => Timestamp(p["replication_key_value"])).Where(t => t is not null).Min();
        return oldest ?? own;
    }

    /// <summary>A timestamp bookmark as <see cref="Bookmarks.TryParseTimestamp"/> reads one; numbers and other strings (an id, a cursor) are not.</summary>
    private static DateTimeOffset? Timestamp(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text) && Bookmarks.TryParseTimestamp(text, out var at, out _)
            ? at.ToUniversalTime()
            : null;
}
