using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Singer;

public class SelectPatternTests
{
    [Fact]
    public void Negated_pattern_splits_on_the_first_dot() =>
        Assert.Equal(new SelectPattern("a", "b.c", true, "!a.b.c"), SelectPattern.Parse("!a.b.c"));

    [Fact]
    public void Stream_only_pattern_has_no_property() =>
        Assert.Equal(new SelectPattern("users", null, false, "users"), SelectPattern.Parse("users"));

    [Fact]
    public void Escaped_dot_stays_in_the_stream_name() =>
        Assert.Equal(new SelectPattern("animals.data", "id", false, @"animals\.data.id"), SelectPattern.Parse(@"animals\.data.id"));

    [Fact]
    public void Select_filter_rules_keep_only_the_stream_patterns()
    {
        var rules = SelectRules.FromSelectFilter(["commits", "issues", "!archived_commits"]);
        Assert.Equal(2, rules.Count);
        Assert.True(rules[0].Negated);
        Assert.Equal(["commits", "issues"], rules[0].StreamPatterns);
        Assert.False(rules[1].Negated);
        Assert.Equal(["archived_commits"], rules[1].StreamPatterns);
    }

    [Fact]
    public void Selecting_a_sub_property_selects_its_parent()
    {
        var rules = SelectRules.FromSelect(["users.address.city"]);
        Assert.Contains(rules, r => r.Breadcrumb.SequenceEqual(["properties", "address", "properties", "city"]));
        Assert.Contains(rules, r => r.Breadcrumb.SequenceEqual(["properties", "address"]));
        Assert.Contains(rules, r => r.Breadcrumb.Count == 0);
    }

    [Fact]
    public void Exclusions_come_after_inclusions_whatever_the_order_written()
    {
        var rules = SelectRules.FromSelect(["!users.email", "users.*"]);
        Assert.True(rules[^1].Value!.GetValue<bool>() == false);
        Assert.Equal(["properties", "email"], rules[^1].Breadcrumb);
    }
}
