using Tapline.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Tests.Project;

public class YamlValuesTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("123")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("a: b")]
    [InlineData("# not a comment")]
    [InlineData("@daily")]
    [InlineData(" padded ")]
    [InlineData("*/5 * * * *")]
    [InlineData("plain text")]
    [InlineData("multi\nline")]
    [InlineData("it's \"quoted\"")]
    [InlineData("- dash")]
    [InlineData("tab\there")]
    public void Strings_survive_a_write_and_read_as_strings(string value)
    {
        var root = new YamlMappingNode { { "k", YamlValues.ToNode(value) } };

        var text = ProjectFile.Serialize(root);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));

        Assert.Equal(value, YamlValues.ToDictionary((YamlMappingNode)stream.Documents[0].RootNode)["k"]);
    }

    [Fact]
    public void Typed_values_survive_a_write_and_read_with_their_types()
    {
        var value = new Dictionary<string, object?>
        {
            ["b"] = true, ["i"] = 42L, ["d"] = 2.5, ["n"] = null,
            ["l"] = new List<object?> { "x", 1L }, ["m"] = new Dictionary<string, object?> { ["deep"] = "y" },
        };
        var root = new YamlMappingNode { { "k", YamlValues.ToNode(value) } };

        var stream = new YamlStream();
        stream.Load(new StringReader(ProjectFile.Serialize(root)));

        Assert.True(YamlValues.DeepEquals(value, YamlValues.ToDictionary((YamlMappingNode)stream.Documents[0].RootNode)["k"]));
    }
}
