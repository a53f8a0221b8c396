using Tapline.Core.Project;

namespace Tapline.Core.Tests.Project;

/// <summary>A YAML syntax error names where the problem starts, as PyYAML does, and where it was noticed.</summary>
public class YamlErrorLocationTests
{
    private static ProjectError LintText(string text)
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"yaml-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), text);
        return Assert.Single(ProjectLoader.Lint(root));
    }

    [Fact]
    public void An_unclosed_bracket_is_reported_at_the_line_that_opened_it()
    {
        var error = LintText("version: 1\nplugins:\n  extractors:\n  - name: tap-x\n    select: [a.b,\n      c.d\n    config:\n      x: 1\nschedules: []\n");

        Assert.Equal((5, 13), (error.Line, error.Column));
        Assert.Equal("malformed YAML: '[' opened here is not closed (expected ',' or ']'; noticed at line 7, column 5)", error.Message);
    }

    [Fact]
    public void An_unclosed_brace_at_the_end_of_the_file_names_its_own_line_not_the_end()
    {
        var error = LintText("version: 1\nenv: {A: 1,\n  B: 2}\nplugins: {\n");

        Assert.Equal((4, 10), (error.Line, error.Column));
        Assert.Contains("'{' opened here is not closed", error.Message);
    }
}
