using System.Text.Json.Nodes;
using Tapline.Core.Singer;
using static Tapline.Core.Tests.Singer.CatalogFixtures;

namespace Tapline.Core.Tests.Singer;

public class CatalogRulesTests
{
    /// <summary>A catalog as taps discover it: every stream and property with <c>inclusion: available</c>.</summary>
    private static JsonNode GitlabLikeCatalog()
    {
        var streams = new JsonArray();
        foreach (var (id, props) in new[]
        {
            ("project_members", new[] { "id", "name" }),
            ("commits", new[] { "id", "author_name", "message" }),
            ("issues", new[] { "id", "title" }),
            ("archived_commits", new[] { "id" }),
        })
        {
            var properties = new JsonObject();
            var metadata = new JsonArray { new JsonObject { ["breadcrumb"] = new JsonArray(), ["metadata"] = new JsonObject { ["inclusion"] = "available" } } };
            foreach (var p in props)
            {
                properties[p] = new JsonObject { ["type"] = "string" };
                metadata.Add(new JsonObject { ["breadcrumb"] = new JsonArray("properties", p), ["metadata"] = new JsonObject { ["inclusion"] = "available" } });
            }
            streams.Add(new JsonObject { ["tap_stream_id"] = id, ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = properties }, ["metadata"] = metadata });
        }
        return new JsonObject { ["streams"] = streams };
    }

    [Fact]
    public void Default_select_selects_every_stream_and_property_of_the_smoke_test_catalog()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        CatalogRules.Apply(catalog, new CatalogExtras());

        foreach (var id in new[] { "animals", "pageviews" })
        {
            var stream = Stream(catalog, id);
            Assert.True(Selected(stream));
            Assert.True(stream["selected"]!.GetValue<bool>());
            foreach (var prop in stream["schema"]!["properties"]!.AsObject().Select(p => p.Key))
            {
                Assert.True(Selected(stream, "properties", prop), $"{id}.{prop}");
            }
        }
    }

    [Fact]
    public void Select_rules_from_the_docs_pick_streams_and_properties()
    {
        var catalog = GitlabLikeCatalog();
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["project_members", "commits.id", "commits.author_name", "issues.*"] });

        var selected = CatalogSelection.Of(catalog).SelectedProperties();
        Assert.Equal(["commits", "issues", "project_members"], selected.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["id", "name"], selected["project_members"]);
        Assert.Equal(["author_name", "id"], selected["commits"]);
        Assert.Equal(["id", "title"], selected["issues"]);
        Assert.False(Selected(Stream(catalog, "archived_commits")));
        Assert.False(Selected(Stream(catalog, "commits"), "properties", "message"));
    }

    [Fact]
    public void Exclusion_wins_over_a_wildcard_selection()
    {
        var catalog = GitlabLikeCatalog();
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["commits.*", "!commits.message", "!archived_*"] });

        var selected = CatalogSelection.Of(catalog).SelectedProperties();
        Assert.Equal(["author_name", "id"], selected["commits"]);
        Assert.DoesNotContain("archived_commits", selected.Keys);
    }

    [Fact]
    public void Escaped_dot_selects_inside_a_stream_whose_name_has_a_dot()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "animals.data", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "verified": {"type": "boolean"}, "description": {"type": "string"}}}, "metadata": []}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras { Select = [@"animals\.data.id", @"animals\.data.verified"] });

        var stream = Stream(catalog, "animals.data");
        Assert.True(Selected(stream));
        Assert.True(Selected(stream, "properties", "id"));
        Assert.True(Selected(stream, "properties", "verified"));
        Assert.False(Selected(stream, "properties", "description"));
    }

    [Fact]
    public void Select_filter_narrows_streams_but_keeps_property_selection()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        CatalogRules.Apply(catalog, new CatalogExtras { SelectFilter = ["pageviews"] });

        var animals = Stream(catalog, "animals");
        Assert.False(Selected(animals));
        Assert.True(Selected(animals, "properties", "id"));
        Assert.True(Selected(Stream(catalog, "pageviews")));
    }

    [Fact]
    public void Exclude_filter_deselects_only_the_named_stream()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        CatalogRules.Apply(catalog, new CatalogExtras { SelectFilter = ["!animals"] });

        Assert.False(Selected(Stream(catalog, "animals")));
        Assert.True(Selected(Stream(catalog, "pageviews")));
    }

    [Fact]
    public void Select_filter_applies_even_with_a_custom_catalog_while_select_does_not()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        CatalogRules.Apply(catalog, new CatalogExtras { CustomCatalog = "catalog.json", Select = ["!*.*"], SelectFilter = ["!pageviews"] });

        Assert.True(Selected(Stream(catalog, "animals")));
        Assert.False(Selected(Stream(catalog, "pageviews")));
        Assert.Null(Selected(Stream(catalog, "animals"), "properties", "id"));
    }

    [Fact]
    public void Automatic_properties_are_extracted_even_when_not_selected()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "users", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}},
              "metadata": [{"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}}, {"breadcrumb": ["properties", "email"], "metadata": {"inclusion": "available"}}]}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["users.email", "!users.id"] });

        Assert.Equal(["email", "id"], CatalogSelection.Of(catalog).SelectedProperties()["users"]);
        Assert.Equal(SelectionType.Automatic, CatalogSelection.Of(catalog).Properties["users"]["id"]);
    }

    [Fact]
    public void Unsupported_properties_cannot_be_selected()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "users", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "secret": {"type": "string"}}},
              "metadata": [{"breadcrumb": ["properties", "secret"], "metadata": {"inclusion": "unsupported"}}]}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["users.*", "users.secret"] });

        var stream = Stream(catalog, "users");
        Assert.False(Selected(stream, "properties", "secret"));
        Assert.Equal(["id"], CatalogSelection.Of(catalog).SelectedProperties()["users"]);
    }

    [Fact]
    public void Stream_without_any_metadata_counts_as_automatic_as_in_meltano()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "bare", "schema": {"type": "object", "properties": {"id": {"type": "string"}}}}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["other.*"] });

        Assert.Equal(SelectionType.Automatic, CatalogSelection.Of(catalog).Streams["bare"]);
        Assert.False(Selected(Stream(catalog, "bare")));
    }

    [Fact]
    public void Missing_metadata_is_added_automatic_for_top_level_and_available_below()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "users", "schema": {"type": "object", "properties": {
               "id": {"type": "integer"},
               "address": {"type": "object", "properties": {"city": {"type": "string"}}}}}}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["!*.*"] });

        var stream = Stream(catalog, "users");
        Assert.Equal("automatic", Metadata(stream)!["inclusion"]!.ToString());
        Assert.Equal("automatic", Metadata(stream, "properties", "id")!["inclusion"]!.ToString());
        Assert.Equal("available", Metadata(stream, "properties", "address", "properties", "city")!["inclusion"]!.ToString());
    }

    [Fact]
    public void Property_names_that_are_not_word_characters_get_no_added_metadata_as_in_meltano()
    {
        var catalog = JsonNode.Parse("""
            {"streams": [{"tap_stream_id": "s", "schema": {"type": "object", "properties": {"a b": {"type": "string"}, "ab": {"type": "string"}}}, "metadata": []}]}
            """)!;
        CatalogRules.Apply(catalog, new CatalogExtras());

        var stream = Stream(catalog, "s");
        Assert.Null(Metadata(stream, "properties", "a b"));
        Assert.True(Selected(stream, "properties", "ab"));
    }

    [Fact]
    public void Hostile_property_names_match_case_sensitive_wildcards()
    {
        var catalog = Load("sdk-sample-tap-hostile.catalog.json");
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["hostile_property_names_stream.name*"] });

        var stream = Stream(catalog, "hostile_property_names_stream");
        Assert.True(Selected(stream));
        Assert.True(Selected(stream, "properties", "name with spaces"));
        Assert.True(Selected(stream, "properties", "name-with-dashes"));
        Assert.True(Selected(stream, "properties", "name_with_emoji_😈"));
        Assert.False(Selected(stream, "properties", "NameIsCamelCase"));
        Assert.False(Selected(stream, "properties", "5name_starts_with_number"));
    }

    [Fact]
    public void Metadata_extra_sets_stream_and_property_metadata()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        var metadata = JsonNode.Parse("""
            {"animals": {"replication-method": "INCREMENTAL", "replication-key": "id", "views": {"is-view": true}},
             "*": {"table-key-properties": ["id"]}}
            """)!.AsObject();
        CatalogRules.Apply(catalog, new CatalogExtras { Metadata = metadata });

        var animals = Stream(catalog, "animals");
        Assert.Equal("INCREMENTAL", Metadata(animals)!["replication-method"]!.ToString());
        Assert.Equal("id", Metadata(animals)!["replication-key"]!.ToString());
        Assert.Equal("INCREMENTAL", animals["replication_method"]!.ToString());
        Assert.True(Metadata(animals, "properties", "views")!["is-view"]!.GetValue<bool>());
        Assert.Equal("[\"id\"]", Metadata(Stream(catalog, "pageviews"))!["table-key-properties"]!.ToJsonString());
    }

    [Fact]
    public void Schema_extra_replaces_and_adds_properties_which_are_then_selected()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        var schema = JsonNode.Parse("""
            {"animals": {"created_at": {"type": ["string", "null"], "format": "date-time"}, "extra_col": {"type": "integer"}}}
            """)!.AsObject();
        CatalogRules.Apply(catalog, new CatalogExtras { Schema = schema });

        var animals = Stream(catalog, "animals");
        var props = animals["schema"]!["properties"]!;
        Assert.Equal("""{"type":["string","null"],"format":"date-time"}""", props["created_at"]!.ToJsonString());
        Assert.Equal("""{"type":"integer"}""", props["extra_col"]!.ToJsonString());
        Assert.True(Selected(animals, "properties", "extra_col"));
        Assert.Null(Stream(catalog, "pageviews")["schema"]!["properties"]!["extra_col"]);
    }

    [Fact]
    public void Rules_naming_a_missing_stream_or_property_are_warned_about_once()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        var warnings = new List<string>();
        CatalogRules.Apply(catalog, new CatalogExtras { Select = ["animals.id", "animals.nope", "ghosts", "ghosts.*", "page*.x", "animals.nope"] }, warnings.Add);

        Assert.Equal(["Property `nope` was not found in the schema of stream `animals`", "Stream `ghosts` was not found in the catalog"], warnings.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_to_apply_leaves_the_catalog_alone()
    {
        var catalog = Load("tap-smoke-test.catalog.json");
        var before = catalog.ToJsonString();
        Assert.False(CatalogRules.Apply(catalog, new CatalogExtras { CustomCatalog = "c.json" }));
        Assert.Equal(before, catalog.ToJsonString());
    }
}
