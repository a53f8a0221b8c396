using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Singer;

public sealed class StateMergeTests
{
    [Fact]
    public void Deep_merge_matches_Meltanos_documented_example()
    {
        // meltano.core.utils.merge docstring: merge(b, a)
        var a = Obj("""{"f":{"all_rows":{"pass":"dog","n":"1"}}}""");
        var b = Obj("""{"f":{"all_rows":{"fail":"cat","n":"5"}}}""");

        var merged = StateMerge.DeepMerge(b, a);

        AssertJson("""{"f":{"all_rows":{"pass":"dog","n":"5","fail":"cat"}}}""", merged);
        AssertJson("""{"f":{"all_rows":{"pass":"dog","n":"1"}}}""", a);
    }

    [Fact]
    public void Deep_merge_replaces_arrays_and_scalars_and_turns_scalars_into_objects_when_needed()
    {
        var merged = StateMerge.DeepMerge(
            Obj("""{"list":[3],"x":{"y":1},"n":null}"""),
            Obj("""{"list":[1,2],"x":5,"n":7,"keep":true}"""));

        AssertJson("""{"list":[3],"x":{"y":1},"n":null,"keep":true}""", merged);
    }

    [Fact]
    public void Complete_state_replaces_both_completed_and_partial()
    {
        var current = new StoredState(Obj("""{"singer_state":{"bookmarks":{"a":1}}}"""), Obj("""{"singer_state":{"bookmarks":{"b":2}}}"""));

        var next = StateMerge.Apply(current, Obj("""{"singer_state":{"bookmarks":{"c":3}}}"""), partial: false);

        AssertJson("""{"singer_state":{"bookmarks":{"c":3}}}""", next.Completed);
        AssertJson("{}", next.Partial);
    }

    [Fact]
    public void Partial_state_merges_onto_the_stored_partial_and_keeps_completed()
    {
        var current = new StoredState(
            Obj("""{"singer_state":{"bookmarks":{"users":{"updated_at":"2024-01-01"},"orders":{"id":10}}}}"""),
            Obj("""{"singer_state":{"bookmarks":{"orders":{"id":20}}}}"""));

        var next = StateMerge.Apply(current, Obj("""{"singer_state":{"bookmarks":{"users":{"updated_at":"2024-02-01"}}}}"""), partial: true);

        AssertJson("""{"singer_state":{"bookmarks":{"users":{"updated_at":"2024-01-01"},"orders":{"id":10}}}}""", next.Completed);
        AssertJson("""{"singer_state":{"bookmarks":{"orders":{"id":20},"users":{"updated_at":"2024-02-01"}}}}""", next.Partial);
        AssertJson(
            """{"singer_state":{"bookmarks":{"users":{"updated_at":"2024-02-01"},"orders":{"id":20}}}}""",
            StateMerge.Effective(next));
    }

    [Fact]
    public void Partial_state_with_nothing_stored_becomes_the_partial()
    {
        var next = StateMerge.Apply(null, Obj("""{"singer_state":{"bookmarks":{"a":1}}}"""), partial: true);

        Assert.False(next.IsComplete);
        AssertJson("""{"singer_state":{"bookmarks":{"a":1}}}""", StateMerge.Effective(next));
    }

    [Fact]
    public void Full_refresh_gives_the_extractor_no_state()
    {
        var stored = StateMerge.Set(Obj("""{"singer_state":{"bookmarks":{"a":1}}}"""));

        Assert.Null(StateMerge.ForExtractor(stored, fullRefresh: true));
        AssertJson("""{"bookmarks":{"a":1}}""", StateMerge.ForExtractor(stored, fullRefresh: false)!);
        Assert.Null(StateMerge.ForExtractor(null, fullRefresh: false));
        Assert.Null(StateMerge.ForExtractor(StoredState.Empty, fullRefresh: false));
    }

    [Theory]
    [InlineData(false, StateStrategy.Auto, false)]
    [InlineData(true, StateStrategy.Auto, true)]
    [InlineData(false, StateStrategy.Merge, true)]
    [InlineData(true, StateStrategy.Merge, true)]
    [InlineData(true, StateStrategy.Overwrite, false)]
    [InlineData(false, StateStrategy.Overwrite, false)]
    public void Partial_state_is_written_as_Meltanos_should_merge_states(bool fullRefresh, StateStrategy strategy, bool partial)
    {
        Assert.Equal(partial, StateMerge.WritesPartial(fullRefresh, strategy));
    }

    [Fact]
    public void Store_updates_follow_Meltanos_db_state_store_sequence()
    {
        // tests/meltano/core/state_store/test_db.py::test_set_state, step by step.
        var partialOnly = StateMerge.Apply(null, Obj("""{"singer_state":{"partial":1}}"""), partial: true);
        AssertState(partialOnly, "{}", """{"singer_state":{"partial":1}}""");

        var newPartial = StateMerge.Apply(partialOnly, Obj("""{"singer_state":{"partial":2}}"""), partial: true);
        AssertState(newPartial, "{}", """{"singer_state":{"partial":2}}""");

        var completeOverPartial = StateMerge.Apply(newPartial, Obj("""{"singer_state":{"complete":1}}"""), partial: false);
        AssertState(completeOverPartial, """{"singer_state":{"complete":1}}""", "{}");

        var completeOverComplete = StateMerge.Apply(completeOverPartial, Obj("""{"singer_state":{"complete":1}}"""), partial: false);
        AssertState(completeOverComplete, """{"singer_state":{"complete":1}}""", "{}");

        var partialOntoComplete = StateMerge.Apply(completeOverComplete, Obj("""{"singer_state":{"partial":1}}"""), partial: true);
        AssertState(partialOntoComplete, """{"singer_state":{"complete":1}}""", """{"singer_state":{"partial":1}}""");
        AssertJson("""{"singer_state":{"complete":1,"partial":1}}""", StateMerge.Effective(partialOntoComplete));
    }

    [Theory]
    [InlineData(true, StateStrategy.Auto, StateStrategy.Merge)]
    [InlineData(false, StateStrategy.Auto, StateStrategy.Auto)]
    [InlineData(false, StateStrategy.Merge, StateStrategy.Merge)]
    [InlineData(false, StateStrategy.Overwrite, StateStrategy.Overwrite)]
    public void Merge_state_flag_maps_to_a_strategy_as_Meltano(bool mergeState, StateStrategy given, StateStrategy expected)
    {
        Assert.Equal(expected, StateStrategyArgs.FromCliArgs(mergeState, given));
    }

    [Theory]
    [InlineData(StateStrategy.Merge)]
    [InlineData(StateStrategy.Overwrite)]
    public void Merge_state_flag_with_an_explicit_strategy_is_a_usage_error(StateStrategy given)
    {
        var error = Assert.Throws<ArgumentException>(() => StateStrategyArgs.FromCliArgs(true, given));
        Assert.Equal("Cannot use both --merge-state and --state-strategy", error.Message);
    }

    [Fact]
    public void State_merge_adds_the_source_effective_state_as_partial_to_the_destination()
    {
        var source = new StoredState(Obj("""{"singer_state":{"bookmarks":{"a":1}}}"""), Obj("""{"singer_state":{"bookmarks":{"b":2}}}"""));
        var destination = StateMerge.Set(Obj("""{"singer_state":{"bookmarks":{"c":3}}}"""));

        var merged = StateMerge.MergeFrom(destination, source);

        AssertJson("""{"singer_state":{"bookmarks":{"c":3,"a":1,"b":2}}}""", StateMerge.Effective(merged));
    }

    [Fact]
    public void State_set_requires_singer_state_at_the_top_level()
    {
        Assert.Null(StateMerge.Validate(Obj("""{"singer_state":{}}""")));
        Assert.Equal("singer_state not found in top level of provided state", StateMerge.Validate(Obj("""{"bookmarks":{}}""")));
    }

    [Fact]
    public void A_loader_state_value_is_wrapped_as_Meltano_stores_it()
    {
        using var doc = JsonDocument.Parse("""{"bookmarks":{"a":1}}""");

        AssertJson("""{"singer_state":{"bookmarks":{"a":1}}}""", StateMerge.Wrap(doc.RootElement));
    }

    [Theory]
    [InlineData("""{"bookmarks":{"a":1}}""", """{"bookmarks":{"a":1}}""")]
    [InlineData("""{"type":"STATE","value":{"bookmarks":{"a":1}}}""", """{"bookmarks":{"a":1}}""")]
    [InlineData("""{"type":"other","bookmarks":1}""", """{"type":"other","bookmarks":1}""")]
    public void State_lines_are_read_bare_or_as_STATE_messages(string line, string expected)
    {
        Assert.True(StateLine.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var state, out _));
        Assert.Equal(expected, state.GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"type":"STATE","value":{}}""")]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("{\"bookmarks\":")]
    [InlineData("Loaded 3 rows")]
    public void Invalid_or_empty_state_lines_are_rejected_with_a_reason(string line)
    {
        Assert.False(StateLine.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out _, out var rejection));
        Assert.False(string.IsNullOrEmpty(rejection));
    }

    private static void AssertState(StoredState state, string completed, string partial)
    {
        AssertJson(completed, state.Completed);
        AssertJson(partial, state.Partial);
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual.ToJsonString()}");
}
