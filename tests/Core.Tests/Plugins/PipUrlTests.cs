using Tapline.Core.Plugins;

namespace Tapline.Core.Tests.Plugins;

public class PipUrlTests
{
    [Theory]
    [InlineData("tap-github", new[] { "tap-github" })]
    [InlineData("--no-index --no-deps ./plugins/tap-x", new[] { "--no-index", "--no-deps", "./plugins/tap-x" })]
    [InlineData("git+https://github.com/x/tap.git@v1 pandas==2.0", new[] { "git+https://github.com/x/tap.git@v1", "pandas==2.0" })]
    [InlineData("'my dir/tap'  \"other dir/x\"", new[] { "my dir/tap", "other dir/x" })]
    [InlineData("a\\ b  c", new[] { "a b", "c" })]
    [InlineData("  -e  .  ", new[] { "-e", "." })]
    public void Splits_like_a_shell(string pipUrl, string[] expected) => Assert.Equal(expected, PipUrl.Split(pipUrl));

    [Fact]
    public void Unclosed_quote_is_an_error_naming_the_pip_url()
    {
        var e = Assert.Throws<FormatException>(() => PipUrl.Split("'tap-x"));
        Assert.Contains("'tap-x", e.Message);
    }

    [Theory]
    [InlineData("git+https://user:token@github.com/x/tap.git@v1", "git+https://***@github.com/x/tap.git@v1")]
    [InlineData("--index-url https://__token__:pypi-abc@pypi.example/simple tap-x", "--index-url https://***@pypi.example/simple tap-x")]
    [InlineData("git+https://github.com/x/tap.git@v1", "git+https://github.com/x/tap.git@v1")]
    public void Redact_hides_url_credentials_and_keeps_the_rest(string text, string expected) => Assert.Equal(expected, PipUrl.Redact(text));
}
