using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Singer;

public class BookmarksTests
{
    private const string StateId = "dev:tap-x-to-target-y";

    private static JsonObject Payload() => JsonNode.Parse("""
        {"singer_state": {"currently_syncing": "orders", "bookmarks": {
          "orders": {"replication_key": "updated_at", "replication_key_value": "2024-03-01T10:00:00+00:00"},
          "users": {"replication_key": "id", "replication_key_value": 120},
          "tags": {"replication_key": "name", "replication_key_value": "m"},
          "legacy": {"since": "2024-01-01T00:00:00Z", "version": 3}
        }}}
        """)!.AsObject();

    [Fact]
    public void A_date_without_a_time_is_a_timestamp_for_the_console_and_for_freshness_alike()
    {
        var payload = JsonNode.Parse("""{"singer_state": {"bookmarks": {"daily": {"replication_key": "day", "replication_key_value": "2024-03-01"}}}}""")!.AsObject();
        var now = new DateTimeOffset(2024, 3, 2, 6, 0, 0, TimeSpan.Zero);

        var value = Bookmarks.Of(payload).Single().Values.Single();
        var freshness = Tapline.Core.Insight.Freshness.Compute(new StoredState(payload, []), null, now).Single();

        Assert.Equal(BookmarkKind.Timestamp, value.Kind);
        Assert.Equal(TimeSpan.FromHours(30), value.LagAt(now));
        Assert.Equal(TimeSpan.FromHours(30), freshness.Lag);
    }

    [Fact]
    public void Streams_are_listed_with_their_key_and_the_kind_of_each_value()
    {
        var streams = Bookmarks.Of(Payload());

        Assert.Equal(["orders", "users", "tags", "legacy"], streams.Select(s => s.Stream));
        Assert.Equal("updated_at", streams[0].ReplicationKey);
        Assert.Equal(BookmarkKind.Timestamp, streams[0].Values.Single().Kind);
        Assert.Equal(BookmarkKind.Integer, streams[1].Values.Single().Kind);
        Assert.Equal(BookmarkKind.String, streams[2].Values.Single().Kind);
        Assert.Equal([BookmarkKind.Timestamp, BookmarkKind.Integer], streams[3].Values.Select(v => v.Kind));
        Assert.Equal(TimeSpan.FromHours(2), streams[0].Values[0].LagAt(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Null(streams[1].Values[0].LagAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Rewind_keeps_each_kind_and_leaves_other_streams_and_the_input_alone()
    {
        var payload = Payload();

        var rewound = Bookmarks.Rewind(payload, StateId, "orders", null, "2024-01-01T00:00:00Z");
        rewound = Bookmarks.Rewind(rewound, StateId, "users", null, "7");
        rewound = Bookmarks.Rewind(rewound, StateId, "tags", null, "42");

        var bookmarks = rewound["singer_state"]!["bookmarks"]!;
        Assert.Equal("2024-01-01T00:00:00Z", bookmarks["orders"]!["replication_key_value"]!.GetValue<string>());
        Assert.Equal(7L, bookmarks["users"]!["replication_key_value"]!.GetValue<long>());
        Assert.Equal("42", bookmarks["tags"]!["replication_key_value"]!.GetValue<string>());
        Assert.Equal(120, payload["singer_state"]!["bookmarks"]!["users"]!["replication_key_value"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("orders", null, "yesterday", "stream 'orders' of state 'dev:tap-x-to-target-y': bookmark 'replication_key_value' is a timestamp (2024-03-01T10:00:00+00:00); 'yesterday' is not an ISO 8601 timestamp")]
    [InlineData("orders", null, "2024-01-01T00:00:00", "'2024-01-01T00:00:00' has no UTC offset")]
    [InlineData("users", null, "2024-01-01", "bookmark 'replication_key_value' is an integer (120); '2024-01-01' is not an integer")]
    [InlineData("legacy", null, "1", "stream 'legacy' of state 'dev:tap-x-to-target-y' has no replication_key_value; name the key to edit (--key), one of: since, version")]
    [InlineData("legacy", "nope", "1", "stream 'legacy' of state 'dev:tap-x-to-target-y' has no bookmark key 'nope'")]
    [InlineData("missing", null, "1", "state 'dev:tap-x-to-target-y' has no bookmark for stream 'missing'; streams with bookmarks: orders, users, tags, legacy")]
    public void A_value_of_the_wrong_kind_is_refused_naming_the_stream_and_key(string stream, string? key, string value, string message)
    {
        var error = Assert.Throws<BookmarkEditException>(() => Bookmarks.Rewind(Payload(), StateId, stream, key, value));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_key_is_rewound_when_the_stream_has_no_replication_key_value()
    {
        var rewound = Bookmarks.Rewind(Payload(), StateId, "legacy", "since", "2023-12-31T00:00:00+01:00");

        Assert.Equal("2023-12-31T00:00:00+01:00", rewound["singer_state"]!["bookmarks"]!["legacy"]!["since"]!.GetValue<string>());
        Assert.Equal(3, rewound["singer_state"]!["bookmarks"]!["legacy"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public void Clear_removes_only_that_stream_and_stops_it_being_resumed()
    {
        var cleared = Bookmarks.Clear(Payload(), StateId, "orders");

        Assert.Equal(["users", "tags", "legacy"], Bookmarks.Of(cleared).Select(s => s.Stream));
        Assert.Null(cleared["singer_state"]!["currently_syncing"]);
        Assert.Throws<BookmarkEditException>(() => Bookmarks.Clear(cleared, StateId, "orders"));
    }
}
