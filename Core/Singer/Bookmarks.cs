using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tapline.Core.Singer;

/// <summary>What a bookmark value is, so an edit keeps it that (a tap parses its own bookmark back).</summary>
public enum BookmarkKind
{
    Timestamp,
    Integer,
    Number,
    String,
    Boolean,
    Other,
}

/// <summary>One scalar entry of a stream's bookmark (e.g. <c>replication_key_value</c>).</summary>
public sealed record BookmarkValue(string Key, JsonNode? Value, BookmarkKind Kind)
{
    /// <summary>The value as a point in time, when it is an ISO 8601 timestamp.</summary>
    public DateTimeOffset? Timestamp => Kind == BookmarkKind.Timestamp && Bookmarks.TryParseTimestamp(Value!.GetValue<string>(), out var t, out _) ? t : null;

    /// <summary>How far the data lags <paramref name="now"/>: now minus a timestamp bookmark; null for other kinds.</summary>
    public TimeSpan? LagAt(DateTimeOffset now) => Timestamp is { } t ? now - t : null;

    /// <summary>The value as a person writes it on a command line (strings without quotes).</summary>
    public string Text => Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : Value?.ToJsonString() ?? "null";
}

/// <summary>One stream's bookmark in Singer state: its replication key (when the tap names one) and its scalar values.</summary>
public sealed record StreamBookmark(string Stream, string? ReplicationKey, IReadOnlyList<BookmarkValue> Values);

/// <summary>An edit of a bookmark that cannot be made; the message names the state, the stream and the key.</summary>
public sealed class BookmarkEditException(string message, bool notFound = false) : Exception(message)
{
    /// <summary>True when the state or stream is missing (rather than the value being wrong).</summary>
    public bool NotFound { get; } = notFound;
}

/// <summary>
/// Reading and editing the per-stream bookmarks of a Meltano state payload
/// (<c>{"singer_state": {"bookmarks": {stream: {...}}}}</c>) as pure functions: the one place that knows
/// which key of a stream's bookmark is "the" bookmark and what a valid new value for it is.
/// Inputs are never modified.
/// </summary>
public static partial class Bookmarks
{
    public const string BookmarksKey = "bookmarks";
    public const string ReplicationKey = "replication_key";
    public const string ReplicationKeyValue = "replication_key_value";

    /// <summary>The streams with a bookmark in <paramref name="payload"/>, in the order the state lists them.</summary>
    public static IReadOnlyList<StreamBookmark> Of(JsonObject payload)
    {
        if (BookmarksOf(payload) is not { } bookmarks)
        {
            return [];
        }
        var streams = new List<StreamBookmark>();
        foreach (var (stream, node) in bookmarks)
        {
            if (node is not JsonObject bookmark)
            {
                continue;
            }
            var replicationKey = bookmark[ReplicationKey] is JsonValue rk && rk.TryGetValue<string>(out var name) ? name : null;
            var values = bookmark
                .Where(p => p.Key != ReplicationKey && p.Value is null or JsonValue)
                .Select(p => new BookmarkValue(p.Key, p.Value?.DeepClone(), KindOf(p.Value)))
                .ToList();
            streams.Add(new StreamBookmark(stream, replicationKey, values));
        }
        return streams;
    }

    /// <summary>
    /// The payload with <paramref name="stream"/>'s bookmark <paramref name="key"/> (default: <c>replication_key_value</c>,
    /// or the stream's only value) set to <paramref name="value"/>, parsed as the kind the current value has.
    /// </summary>
    public static JsonObject Rewind(JsonObject payload, string stateId, string stream, string? key, string value)
    {
        var result = (JsonObject)payload.DeepClone();
        var bookmark = StreamOf(result, stateId, stream);
        var current = Of(result).Single(s => s.Stream == stream);
        key ??= DefaultKey(current, stateId);
        var existing = current.Values.FirstOrDefault(v => v.Key == key)
            ?? throw new BookmarkEditException(
                $"stream '{stream}' of state '{stateId}' has no bookmark key '{key}'; its keys: {KeyList(current)}", notFound: true);
        bookmark[key] = Parse(existing, value, stateId, stream);
        return result;
    }

    /// <summary>The payload without <paramref name="stream"/>'s bookmark: its next run syncs it from the start, the others keep theirs.</summary>
    public static JsonObject Clear(JsonObject payload, string stateId, string stream)
    {
        var result = (JsonObject)payload.DeepClone();
        StreamOf(result, stateId, stream);
        var singer = (JsonObject)result[StateMerge.SingerStateKey]!;
        ((JsonObject)singer[BookmarksKey]!).Remove(stream);
        // A tap resumes the stream named in currently_syncing first; a cleared stream must not be resumed.
        if (singer["currently_syncing"] is JsonValue syncing && syncing.TryGetValue<string>(out var name) && name == stream)
        {
            singer["currently_syncing"] = null;
        }
        return result;
    }

    public static BookmarkKind KindOf(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return BookmarkKind.Other;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => TryParseTimestamp(value.GetValue<string>(), out _, out _) ? BookmarkKind.Timestamp : BookmarkKind.String,
            JsonValueKind.Number => value.TryGetValue<long>(out _) || IsWhole(value) ? BookmarkKind.Integer : BookmarkKind.Number,
            JsonValueKind.True or JsonValueKind.False => BookmarkKind.Boolean,
            _ => BookmarkKind.Other,
        };
    }

    /// <summary>
    /// An ISO 8601 date or date-time (date, then optionally 'T' or space, time, fraction and offset), read as UTC when it names
    /// no offset; <paramref name="hasOffset"/> says whether it named one. The one test of "this bookmark is a timestamp":
    /// the state console's kinds and the freshness lag both use it.
    /// </summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset timestamp, out bool hasOffset)
    {
        timestamp = default;
        var match = IsoTimestamp().Match(text);
        hasOffset = match.Success && match.Groups["offset"].Success;
        return match.Success && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out timestamp);
    }

    private static JsonNode Parse(BookmarkValue existing, string text, string stateId, string stream)
    {
        var where = $"stream '{stream}' of state '{stateId}': bookmark '{existing.Key}' is {Describe(existing.Kind)} ({existing.Text})";
        switch (existing.Kind)
        {
            case BookmarkKind.Timestamp:
                if (!TryParseTimestamp(text, out _, out var hasOffset))
                {
                    throw new BookmarkEditException($"{where}; '{text}' is not an ISO 8601 timestamp (e.g. 2024-01-31T00:00:00+00:00)");
                }
                TryParseTimestamp(existing.Text, out _, out var hadOffset);
                if (hadOffset && !hasOffset)
                {
                    throw new BookmarkEditException($"{where}; '{text}' has no UTC offset; add one (Z or +00:00) so the tap reads the instant you mean");
                }
                return JsonValue.Create(text.Trim());
            case BookmarkKind.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? JsonValue.Create(integer)
                    : throw new BookmarkEditException($"{where}; '{text}' is not an integer");
            case BookmarkKind.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? JsonValue.Create(number)
                    : throw new BookmarkEditException($"{where}; '{text}' is not a number");
            case BookmarkKind.Boolean:
                return bool.TryParse(text, out var flag)
                    ? JsonValue.Create(flag)
                    : throw new BookmarkEditException($"{where}; '{text}' is not true or false");
            case BookmarkKind.String:
                return JsonValue.Create(text);
            default:
                throw new BookmarkEditException($"{where}; Tapline edits only string, number, boolean and timestamp bookmarks (use `tapline state set` for others)");
        }
    }

    private static string Describe(BookmarkKind kind) => kind switch
    {
        BookmarkKind.Timestamp => "a timestamp",
        BookmarkKind.Integer => "an integer",
        BookmarkKind.Number => "a number",
        BookmarkKind.String => "a string",
        BookmarkKind.Boolean => "a boolean",
        _ => "null or structured",
    };

    private static string DefaultKey(StreamBookmark stream, string stateId)
    {
        if (stream.Values.Any(v => v.Key == ReplicationKeyValue))
        {
            return ReplicationKeyValue;
        }
        return stream.Values.Count == 1
            ? stream.Values[0].Key
            : throw new BookmarkEditException($"stream '{stream.Stream}' of state '{stateId}' has no {ReplicationKeyValue}; name the key to edit (--key), one of: {KeyList(stream)}");
    }

    private static string KeyList(StreamBookmark stream) =>
        stream.Values.Count == 0 ? "(none)" : string.Join(", ", stream.Values.Select(v => v.Key));

    private static JsonObject StreamOf(JsonObject payload, string stateId, string stream)
    {
        var bookmarks = BookmarksOf(payload);
        if (bookmarks?[stream] is JsonObject bookmark)
        {
            return bookmark;
        }
        var known = bookmarks is null ? "(none)" : string.Join(", ", bookmarks.Select(p => p.Key));
        throw new BookmarkEditException($"state '{stateId}' has no bookmark for stream '{stream}'; streams with bookmarks: {known}", notFound: true);
    }

    private static JsonObject? BookmarksOf(JsonObject payload) =>
        payload[StateMerge.SingerStateKey] is JsonObject singer && singer[BookmarksKey] is JsonObject bookmarks ? bookmarks : null;

    private static bool IsWhole(JsonValue value) =>
        value.TryGetValue<decimal>(out var d) && d == decimal.Truncate(d) && !value.ToJsonString().Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<offset>Z|[+-]\d{2}(:?\d{2})?)?)?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoTimestamp();
}
