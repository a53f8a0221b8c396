using Tapline.Core.Settings;

namespace Tapline.Core.Tests.Settings;

public class EnvVarTests
{
    [Theory]
    [InlineData("tap-gitlab", "projects", "TAP_GITLAB_PROJECTS")]
    [InlineData("tap-x", "a.b", "TAP_X_A_B")]
    [InlineData("tap-x", "_select", "TAP_X__SELECT")]
    [InlineData("tap-x", "_metadata", "TAP_X__METADATA")]
    [InlineData("meltano", "database_uri", "MELTANO_DATABASE_URI")]
    [InlineData("meltano", "ui.bind_port", "MELTANO_UI_BIND_PORT")]
    [InlineData("target-jsonl", "destination_path", "TARGET_JSONL_DESTINATION_PATH")]
    public void Env_var_names_follow_meltano(string prefix, string setting, string expected) =>
        Assert.Equal(expected, EnvVarNames.For(prefix, setting));

    [Fact]
    public void Prefixes_then_aliases_are_read_in_that_order_and_the_custom_env_is_not_read()
    {
        var def = new SettingDefinition { Name = "private_token", Aliases = ["token"], Env = "GITLAB_TOKEN" };

        Assert.Equal(
            ["TAP_GITLAB_PRIVATE_TOKEN", "TAP_GITLAB_ALIAS_PRIVATE_TOKEN", "TAP_GITLAB_TOKEN", "TAP_GITLAB_ALIAS_TOKEN"],
            SettingsResolver.EnvVarsFor(def, ["tap-gitlab", "tap_gitlab_alias"]));
    }

    private static readonly Dictionary<string, string> Env = new() { ["HOME_DIR"] = "/home/x", ["lower"] = "l", ["EMPTY"] = "" };

    [Theory]
    [InlineData("$HOME_DIR/data", "/home/x/data")]
    [InlineData("${HOME_DIR}data", "/home/xdata")]
    [InlineData("\\$HOME_DIR stays", "$HOME_DIR stays")]
    [InlineData("\\${HOME_DIR} stays", "${HOME_DIR} stays")]
    [InlineData("${lower}", "l")]
    [InlineData("$lower", "$lower")]
    [InlineData("a${EMPTY}b", "ab")]
    [InlineData("x-$MISSING_ONE-y", "x--y")]
    [InlineData("no vars", "no vars")]
    public void Dollar_expansion_matches_meltano(string text, string expected) =>
        Assert.Equal(expected, EnvVarExpander.Expand(text, Env, strict: false));

    [Fact]
    public void Strict_mode_fails_on_a_missing_variable_naming_it()
    {
        var ex = Assert.Throws<SettingsException>(() => EnvVarExpander.Expand("${NOT_THERE}", Env, strict: true, "plugin 'tap-x', setting 'y'"));

        Assert.Equal("plugin 'tap-x', setting 'y': environment variable 'NOT_THERE' is not set (strict env var mode is on)", ex.Message);
    }

    [Fact]
    public void Expansion_reaches_into_lists_and_mappings()
    {
        var value = new Dictionary<string, object?> { ["p"] = new List<object?> { "$HOME_DIR/a", 3L } };

        var expanded = (Dictionary<string, object?>)EnvVarExpander.ExpandValue(value, Env, false)!;

        Assert.Equal(new List<object?> { "/home/x/a", 3L }, expanded["p"]);
    }

    [Fact]
    public void Dotenv_parses_quotes_exports_comments_and_multiline_values()
    {
        var env = DotEnvFile.Parse("""
            # comment
            export A=plain
            B='single $NOT expanded'
            C="double\nline"
            D=value # trailing comment
            E=
            F="multi
            line"
            """);

        Assert.Equal("plain", env["A"]);
        Assert.Equal("single $NOT expanded", env["B"]);
        Assert.Equal("double\nline", env["C"]);
        Assert.Equal("value", env["D"]);
        Assert.Equal("", env["E"]);
        Assert.Equal("multi\nline", env["F"]);
    }

    [Fact]
    public void Dotenv_line_that_is_not_key_value_names_its_line()
    {
        var ex = Assert.Throws<SettingsException>(() => DotEnvFile.Parse("A=1\nthis is wrong\n", "/p/.env"));

        Assert.Equal("/p/.env:2: expected KEY=value, found 'this is wrong'", ex.Message);
    }

    [Fact]
    public void Dotenv_set_and_unset_keep_other_lines()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tapline-{Guid.NewGuid():N}.env");
        File.WriteAllText(path, "# keep me\nA=1\nB=2\n");

        DotEnvFile.Set(path, "A", "with space");
        DotEnvFile.Set(path, "C", "[\"x\"]");
        Assert.True(DotEnvFile.Unset(path, "B"));

        Assert.Equal("# keep me\nA='with space'\nC='[\"x\"]'\n", File.ReadAllText(path));
        var env = DotEnvFile.Read(path);
        Assert.Equal("with space", env["A"]);
        Assert.Equal("[\"x\"]", env["C"]);
        File.Delete(path);
    }
}
