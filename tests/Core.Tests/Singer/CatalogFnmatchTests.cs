using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Singer;

public class CatalogFnmatchTests
{
    [Theory]
    [InlineData("users", "users", true)]
    [InlineData("users", "Users", false)]
    [InlineData("users", "u*", true)]
    [InlineData("properties.a.properties.b", "properties.*", true)]
    [InlineData("", "properties.*", false)]
    [InlineData("user1", "user?", true)]
    [InlineData("user12", "user?", false)]
    [InlineData("b", "[abc]", true)]
    [InlineData("d", "[!abc]", true)]
    [InlineData("a", "[!abc]", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("axb", "a.b", false)]
    [InlineData("[x", "[x", true)]
    [InlineData("name with spaces", "name*", true)]
    public void Matches_like_python_fnmatch(string name, string pattern, bool expected) =>
        Assert.Equal(expected, CatalogFnmatch.IsMatch(name, pattern));
}
