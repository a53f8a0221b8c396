using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

public class SettingKindTests
{
    [Fact]
    public void Every_kind_resolves_to_its_type()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("kinds"), ProcessEnv = FixtureProjects.Env() });
        var s = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-kinds"));

        Assert.Equal("text", s["a_string"]);
        Assert.Equal(7L, s["an_integer"]);
        Assert.Equal(1.5, s["a_decimal"]);
        Assert.Equal(true, s["a_boolean"]);
        Assert.Equal("2024-02-29", s["a_date"]);
        Assert.Equal("ops@example.com", s["an_email"]);
        Assert.Equal("hunter2", s["a_password"]);
        Assert.Equal("token-123", s["an_oauth"]);
        Assert.Equal("two", s["an_option"]);
        Assert.Equal("extract/catalog.json", s["a_file"]);
        Assert.Equal(new List<object?> { 1L, 2L }, s["an_array"]);
        Assert.Equal(new Dictionary<string, object?> { ["k"] = "v" }, s["an_object"]);
    }

    [Theory]
    [InlineData("TAP_KINDS_AN_INTEGER", "12", "an_integer", 12L)]
    [InlineData("TAP_KINDS_A_BOOLEAN", "false", "a_boolean", false)]
    [InlineData("TAP_KINDS_A_BOOLEAN", "0", "a_boolean", false)]
    [InlineData("TAP_KINDS_A_BOOLEAN", "yes", "a_boolean", true)]
    [InlineData("TAP_KINDS_A_DECIMAL", "2.25", "a_decimal", 2.25)]
    public void Env_text_is_coerced_to_the_kind(string envVar, string text, string setting, object expected)
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("kinds"), ProcessEnv = FixtureProjects.Env((envVar, text)) });

        Assert.Equal(expected, ctx.ResolvePluginSettings(ctx.FindPlugin("tap-kinds"))[setting]);
    }

    [Fact]
    public void Json_in_env_becomes_an_array_or_object()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = FixtureProjects.Source("kinds"),
            ProcessEnv = FixtureProjects.Env(("TAP_KINDS_AN_ARRAY", "[\"a\"]"), ("TAP_KINDS_AN_OBJECT", "{\"n\": 1}")),
        });
        var s = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-kinds"));

        Assert.Equal(new List<object?> { "a" }, s["an_array"]);
        Assert.Equal(new Dictionary<string, object?> { ["n"] = 1L }, s["an_object"]);
    }

    [Theory]
    [InlineData("TAP_KINDS_AN_INTEGER", "seven", "plugin 'tap-kinds', setting 'an_integer' (integer): 'seven' is not an integer (from TAP_KINDS_AN_INTEGER)")]
    [InlineData("TAP_KINDS_A_BOOLEAN", "maybe", "plugin 'tap-kinds', setting 'a_boolean' (boolean): 'maybe' is not a boolean (true/false) (from TAP_KINDS_A_BOOLEAN)")]
    [InlineData("TAP_KINDS_AN_OPTION", "three", "plugin 'tap-kinds', setting 'an_option' (options): 'three' is not one of the options one, two (from TAP_KINDS_AN_OPTION)")]
    [InlineData("TAP_KINDS_A_DATE", "someday", "plugin 'tap-kinds', setting 'a_date' (date_iso8601): 'someday' is not an ISO 8601 date (e.g. 2024-01-31 or 2024-01-31T00:00:00Z) (from TAP_KINDS_A_DATE)")]
    [InlineData("TAP_KINDS_AN_ARRAY", "not json", "plugin 'tap-kinds', setting 'an_array' (array): 'not json' is not an array (a YAML list or a JSON array) (from TAP_KINDS_AN_ARRAY)")]
    [InlineData("TAP_KINDS_AN_EMAIL", "nobody", "plugin 'tap-kinds', setting 'an_email' (email): 'nobody' is not an email address (from TAP_KINDS_AN_EMAIL)")]
    public void Value_of_the_wrong_kind_is_an_error_naming_plugin_and_setting(string envVar, string text, string message)
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("kinds"), ProcessEnv = FixtureProjects.Env((envVar, text)) });

        var ex = Assert.Throws<SettingsException>(() => ctx.ResolvePluginSettings(ctx.FindPlugin("tap-kinds")));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Wrong_kind_in_meltano_yml_is_an_error_naming_plugin_and_setting()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("bad-kind-value"), ProcessEnv = FixtureProjects.Env() });

        var ex = Assert.Throws<SettingsException>(() => ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x")));

        Assert.Equal("plugin 'tap-x', setting 'port' (integer): 'not-a-number' is not an integer (from meltano.yml)", ex.Message);
    }

    [Fact]
    public void Sensitive_password_and_oauth_values_are_redacted_in_every_output()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("kinds"), ProcessEnv = FixtureProjects.Env() });
        var s = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-kinds"));

        var json = s.ToJson();
        Assert.Equal(Redaction.Value, (string?)json["a_password"]);
        Assert.Equal(Redaction.Value, (string?)json["an_oauth"]);
        Assert.Equal(Redaction.Value, (string?)json["a_secret"]);
        Assert.Equal("text", (string?)json["a_string"]);
        Assert.DoesNotContain("hunter2", json.ToJsonString());
        Assert.Equal("hunter2", (string?)s.ToJson(unsafeOutput: true)["a_password"]);
        Assert.Equal(Redaction.Value, s.Find("a_secret")!.DisplayValue());
    }

    [Fact]
    public void Strict_mode_from_meltano_yml_fails_on_a_missing_variable()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("bad-strict-missing-var"), ProcessEnv = FixtureProjects.Env() });

        var ex = Assert.Throws<SettingsException>(() => ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x")));

        Assert.Equal("plugin 'tap-x', setting 'password': environment variable 'TAPLINE_TEST_SURELY_MISSING_VAR' is not set (strict env var mode is on)", ex.Message);
    }

    [Fact]
    public void Without_strict_mode_a_missing_variable_expands_to_empty()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = FixtureProjects.Source("bad-strict-missing-var"),
            ProcessEnv = FixtureProjects.Env(("MELTANO_FF_STRICT_ENV_VAR_MODE", "false")),
        });

        Assert.Equal("", ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x"))["password"]);
    }
}
