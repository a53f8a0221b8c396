using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

/// <summary>Issue #12 item 9: a $VAR in a plugin setting never reaches Tapline's own secrets.</summary>
public class ServiceSecretExpansionTests
{
    private const string SecretKey = "jwt-signing-key-do-not-leak";
    private const string Bootstrap = "bootstrap-password-do-not-leak";
    private const string DbUri = "postgresql://tapline:db-password-do-not-leak@db:5432/tapline";

    private static ProjectContext Open(string strict = "false")
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"secrets-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), $$"""
            version: 1
            ff:
              strict_env_var_mode: {{strict}}
            plugins:
              extractors:
              - name: tap-x
                env:
                  COPIED: $MELTANO_UI_SECRET_KEY
                config:
                  key: $MELTANO_UI_SECRET_KEY
                  bootstrap: ${TAPLINE_BOOTSTRAP_PASSWORD}
                  db: $MELTANO_DATABASE_URI
                  aspire: ${ConnectionStrings__systemdb}
                  copied: $COPIED
                  token: $MY_TOKEN
                  url: https://api/${MY_TOKEN}
            """);
        var env = FixtureProjects.Env(("MELTANO_UI_SECRET_KEY", SecretKey), ("TAPLINE_BOOTSTRAP_PASSWORD", Bootstrap),
            ("MELTANO_DATABASE_URI", DbUri), ("ConnectionStrings__systemdb", DbUri), ("MY_TOKEN", "tok"));
        return ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = env });
    }

    [Fact]
    public void Tapline_secrets_expand_as_unset_in_plugin_settings_while_an_ordinary_var_still_expands()
    {
        var ctx = Open();
        var settings = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x"));

        Assert.Equal("", settings["key"]);
        Assert.Equal("", settings["bootstrap"]);
        Assert.Equal("", settings["db"]);
        Assert.Equal("", settings["aspire"]);
        Assert.Equal("", settings["copied"]);
        Assert.Equal("tok", settings["token"]);
        Assert.Equal("https://api/tok", settings["url"]);
        var json = settings.ToJson(unsafeOutput: true).ToJsonString();
        Assert.DoesNotContain(SecretKey, json);
        Assert.DoesNotContain(Bootstrap, json);
        Assert.DoesNotContain("db-password", json);
    }

    [Fact]
    public void A_reference_to_a_tapline_secret_fails_like_an_unset_variable_under_strict_mode()
    {
        var ctx = Open(strict: "true");

        var ex = Assert.Throws<SettingsException>(() => ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x")));

        Assert.Contains("environment variable 'MELTANO_UI_SECRET_KEY' is not set", ex.Message);
        Assert.DoesNotContain(SecretKey, ex.Message);
    }

    [Fact]
    public void The_plugin_process_still_gets_the_terminal_environment_as_meltano_stacks_it()
    {
        var ctx = Open();

        var env = ctx.PluginEnv(ctx.FindPlugin("tap-x"));

        Assert.Equal(SecretKey, env["MELTANO_UI_SECRET_KEY"]);
        Assert.Equal(SecretKey, env["COPIED"]);
    }

    [Fact]
    public void A_setting_written_as_a_reference_keeps_the_reference_it_was_written_as()
    {
        var ctx = Open();
        var settings = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-x"));

        Assert.Equal("$MY_TOKEN", settings.Find("token")!.Reference);
        Assert.Equal("https://api/${MY_TOKEN}", settings.Find("url")!.Reference);
    }

    [Theory]
    [InlineData("MELTANO_UI_SECRET_KEY", true)]
    [InlineData("MELTANO_UI_PASSWORD_SALT", true)]
    [InlineData("MELTANO_HUB_URL_AUTH", true)]
    [InlineData("MELTANO_DATABASE_URI", true)]
    [InlineData("TAPLINE_BOOTSTRAP_PASSWORD", true)]
    [InlineData("ConnectionStrings__systemdb", true)]
    [InlineData("MELTANO_UI_BIND_PORT", false)]
    [InlineData("MY_TOKEN", false)]
    [InlineData("HOME", false)]
    public void Service_secrets_come_from_the_sensitive_project_settings_and_the_service_prefixes(string name, bool secret) =>
        Assert.Equal(secret, PluginVisibleEnv.IsServiceSecret(name));
    [Theory]
    [InlineData("ConnectionStrings__systemdb", true)]
    [InlineData("ConnectionStrings:systemdb", true)]
    [InlineData("TAPLINE_BOOTSTRAP_PASSWORD", true)]
    [InlineData("TAPLINE_PLUGINS_DIR", false)]
    [InlineData("MELTANO_UI_SECRET_KEY", false)]
    [InlineData("MY_TOKEN", false)]
    public void Plugin_processes_lose_the_services_variables_by_prefix_but_keep_meltano_s_and_the_plugins_dir(string name, bool removed) =>
        Assert.Equal(removed, PluginVisibleEnv.IsServiceVariable(name));
}
