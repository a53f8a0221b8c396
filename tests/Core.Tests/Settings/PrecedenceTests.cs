using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

public class PrecedenceTests
{
    private sealed class FakeDb(Dictionary<string, string> values) : ISettingsDbStore
    {
        public IReadOnlyDictionary<string, string> GetValues(string pluginType, string pluginName) =>
            pluginType == "extractors" && pluginName == "tap-child" ? values : new Dictionary<string, string>();
    }

    /// <summary>A project with every layer of the order set for setting 's'; each flag removes one layer.</summary>
    private static ResolvedSetting Resolve(bool over, bool env, bool dotenv, bool environment, bool yml, bool db, bool inherited)
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"precedence-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), $"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-parent
                settings:
                - name: s
                  value: default
                config:
                  {(inherited ? "s: inherited" : "other: 1")}
              - name: tap-child
                inherit_from: tap-parent
                config:
                  {(yml ? "s: meltano_yml" : "other: 1")}
            environments:
            - name: dev
              config:
                plugins:
                  extractors:
                  - name: tap-child
                    config:
                      {(environment ? "s: environment" : "other: 1")}
            """);
        if (dotenv)
        {
            File.WriteAllText(Path.Combine(root, ".env"), "TAP_CHILD_S=dotenv\n");
        }
        var processEnv = env ? FixtureProjects.Env(("TAP_CHILD_S", "env")) : FixtureProjects.Env();
        var dbValues = db ? new Dictionary<string, string> { ["s"] = "db" } : [];
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = processEnv, Db = new FakeDb(dbValues) });
        var overrides = over ? new Dictionary<string, object?> { ["s"] = "override" } : null;
        return ctx.ResolvePluginSettings(ctx.FindPlugin("tap-child"), overrides).Find("s")!;
    }

    [Theory]
    [InlineData(true, true, true, true, true, true, true, "override", SettingValueSource.ConfigOverride)]
    [InlineData(false, true, true, true, true, true, true, "env", SettingValueSource.Env)]
    [InlineData(false, false, true, true, true, true, true, "dotenv", SettingValueSource.DotEnv)]
    [InlineData(false, false, false, true, true, true, true, "environment", SettingValueSource.Environment)]
    [InlineData(false, false, false, false, true, true, true, "meltano_yml", SettingValueSource.MeltanoYml)]
    [InlineData(false, false, false, false, false, true, true, "db", SettingValueSource.Db)]
    [InlineData(false, false, false, false, false, false, true, "inherited", SettingValueSource.Inherited)]
    [InlineData(false, false, false, false, false, false, false, "default", SettingValueSource.Default)]
    public void Resolution_order_is_override_env_dotenv_environment_yml_db_inherited_default(
        bool over, bool env, bool dotenv, bool environment, bool yml, bool db, bool inherited, string value, SettingValueSource source)
    {
        var s = Resolve(over, env, dotenv, environment, yml, db, inherited);

        Assert.Equal(value, s.Value);
        Assert.Equal(source, s.Source);
        Assert.Equal("TAP_CHILD_S", s.EnvVar);
    }

    [Fact]
    public void Environment_overrides_plugin_config_and_extras_and_expands_its_env()
    {
        var dev = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("environments"), ProcessEnv = FixtureProjects.Env() });
        var s = dev.ResolvePluginSettings(dev.FindPlugin("tap-api"));

        Assert.Equal("dev", dev.Environment!.Name);
        Assert.Equal("https://dev.api.example.com", s["url"]);
        Assert.Equal(50L, s["page_size"]);
        Assert.Equal("dev-region", s["region"]);
        Assert.Equal(new List<object?> { "users.id" }, s["_select"]);

        var prod = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("environments"), Environment = "prod", ProcessEnv = FixtureProjects.Env() });
        var p = prod.ResolvePluginSettings(prod.FindPlugin("tap-api"));
        Assert.Equal("https://api.example.com", p["url"]);
        Assert.Equal(500L, p["page_size"]);
        Assert.Equal("eu", p["region"]);
        Assert.Equal(new List<object?> { "users.*" }, p["_select"]);
    }

    [Fact]
    public void Extras_are_overridden_by_double_underscore_env_vars()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = FixtureProjects.Source("environments"),
            ProcessEnv = FixtureProjects.Env(("TAP_API__SELECT", "[\"orders.*\"]")),
        });
        var select = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-api")).Find("_select")!;

        Assert.Equal(new List<object?> { "orders.*" }, select.Value);
        Assert.Equal("TAP_API__SELECT", select.EnvVar);
        Assert.True(select.IsExtra);
    }

    [Theory]
    [InlineData("prod", "dev", "dev", "prod")]
    [InlineData(null, "prod", "dev", "prod")]
    [InlineData(null, null, "prod", "prod")]
    [InlineData(null, null, null, "dev")]
    public void Environment_is_chosen_by_option_then_env_then_dotenv_then_default(string? option, string? env, string? dotenv, string expected)
    {
        var root = FixtureProjects.Copy("environments");
        if (dotenv is not null)
        {
            File.WriteAllText(Path.Combine(root, ".env"), $"MELTANO_ENVIRONMENT={dotenv}\n");
        }
        var processEnv = env is null ? FixtureProjects.Env() : FixtureProjects.Env(("MELTANO_ENVIRONMENT", env));

        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, Environment = option, ProcessEnv = processEnv });

        Assert.Equal(expected, ctx.Environment!.Name);
    }

    [Fact]
    public void Unknown_environment_is_a_clear_error()
    {
        var ex = Assert.Throws<ProjectException>(() => ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = FixtureProjects.Source("environments"), Environment = "qa", ProcessEnv = FixtureProjects.Env(),
        }));

        Assert.StartsWith("Environment 'qa' was not found in", ex.Message);
        Assert.Contains("(defined: dev, prod)", ex.Message);
    }

    [Fact]
    public void Inherited_settings_come_from_the_nearest_ancestor_that_sets_them()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("inherit"), ProcessEnv = FixtureProjects.Env(("TAP_BASE_USER", "env-user")) });
        var leaf = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-leaf"));

        Assert.Equal("middle.example.com", leaf["host"]);
        Assert.Equal(SettingValueSource.Inherited, leaf.Find("host")!.Source);
        Assert.Equal(3000L, leaf["port"]);
        Assert.Equal("env-user", leaf["user"]);
        Assert.Equal(true, leaf["extra"]);
        Assert.Equal(1000L, ctx.ResolvePluginSettings(ctx.FindPlugin("tap-base"))["port"]);
    }

    [Fact]
    public void Undeclared_config_keys_are_custom_settings_with_their_yaml_type()
    {
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = FixtureProjects.Source("custom-settings"), ProcessEnv = FixtureProjects.Env() });
        var s = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-custom"));

        Assert.False(s.Find("declared")!.Definition.Custom);
        Assert.True(s.Find("undeclared_string")!.Definition.Custom);
        Assert.Equal(42L, s["undeclared_number"]);
        Assert.Equal(new List<object?> { "a", "b" }, s["undeclared_list"]);
        Assert.Equal(new Dictionary<string, object?> { ["inner"] = 1L }, s["nested"]);
        Assert.Equal("TAP_CUSTOM_UNDECLARED_STRING", s.Find("undeclared_string")!.EnvVar);
    }

    [Fact]
    public void Custom_env_var_and_dotted_names_reach_the_plugin()
    {
        // As Meltano: the setting is read from TAP_GITLAB_API_URL; its custom env GITLAB_API_URL is only given to the plugin.
        var ctx = ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = FixtureProjects.Source("full-schema"),
            ProcessEnv = FixtureProjects.Env(("TAP_GITLAB_API_URL", "https://git.example.com"), ("GITLAB_API_URL", "https://not-read.example.com"), ("TAP_GITLAB_TOKEN", "via-alias")),
        });
        var s = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-gitlab"));

        Assert.Equal("https://git.example.com", s["api.url"]);
        Assert.Equal("via-alias", s["private_token"]);
        var json = s.ToJson(unsafeOutput: true);
        Assert.Equal("https://git.example.com", (string?)json["api"]!["url"]);
        var env = s.ToEnvironment();
        Assert.Equal("https://git.example.com", env["TAP_GITLAB_API_URL"]);
        Assert.Equal("https://git.example.com", env["GITLAB_API_URL"]);
        Assert.Equal("meltano/dev-only", env["TAP_GITLAB_PROJECTS"]);
    }

    [Fact]
    public void Env_blocks_in_meltano_yml_set_settings_below_dotenv()
    {
        var root = FixtureProjects.Copy("inherit");
        File.AppendAllText(Path.Combine(root, "meltano.yml"), "env:\n  TAP_BASE_USER: from-project-env\n");

        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });
        Assert.Equal("from-project-env", ctx.ResolvePluginSettings(ctx.FindPlugin("tap-base"))["user"]);

        File.WriteAllText(Path.Combine(root, ".env"), "TAP_BASE_USER=from-dotenv\n");
        ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });
        Assert.Equal("from-dotenv", ctx.ResolvePluginSettings(ctx.FindPlugin("tap-base"))["user"]);
    }

    [Fact]
    public void Project_settings_have_meltano_defaults_and_names()
    {
        var root = FixtureProjects.Copy("environments");
        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });
        var s = ctx.Settings;

        Assert.Equal($"sqlite:///{Path.Combine(root, ".meltano")}/meltano.db", s.DatabaseUri);
        Assert.False(s.ProjectReadonly);
        Assert.Equal(104_857_600L, s.EltBufferSize);
        Assert.Equal("0.0.0.0", s.UiBindHost);
        Assert.Equal(5000, s.UiBindPort);
        Assert.False(s.UiAuthentication);
        Assert.Null(s.UiSecretKey);
        Assert.Equal("127.0.0.1", s.UiForwardedAllowIps);
        Assert.Equal(TimeSpan.FromSeconds(30), s.RunnerStaleAfter);
        Assert.Equal(1, s.RunnerConcurrency);
        Assert.True(s.Resolved.Find("ui.secret_key")!.Redacted);
        Assert.True(s.Resolved.Find("ui.password_salt")!.Redacted);
    }

    [Fact]
    public void Project_settings_come_from_env_then_dotenv_then_meltano_yml()
    {
        var root = FixtureProjects.Copy("full-schema");
        File.WriteAllText(Path.Combine(root, ".env"), "MELTANO_UI_BIND_PORT=6000\nMELTANO_UI_SECRET_KEY=from-dotenv\nMELTANO_RUNNER_STALE_AFTER=90\n");

        var ctx = ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = root,
            ProcessEnv = FixtureProjects.Env(("MELTANO_UI_BIND_PORT", "7000"), ("MELTANO_DATABASE_URI", "postgresql://u:p@h:5432/db")),
        });
        var s = ctx.Settings;

        Assert.Equal(7000, s.UiBindPort);
        Assert.Equal("from-dotenv", s.UiSecretKey);
        Assert.Equal("postgresql://u:p@h:5432/db", s.DatabaseUri);
        Assert.Equal(52_428_800L, s.EltBufferSize);
        Assert.Equal("tapline.example.com", s.UiServerName);
        Assert.True(s.UiSessionCookieSecure);
        Assert.Equal(TimeSpan.FromSeconds(90), s.RunnerStaleAfter);
        Assert.Equal(Redaction.Value, s.Resolved.Find("ui.secret_key")!.DisplayValue());
    }

    [Fact]
    public void Database_uri_in_meltano_yml_expands_project_variables()
    {
        var root = FixtureProjects.Copy("full-schema");

        var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });

        Assert.Equal($"sqlite:///{root}/.meltano/custom.db", ctx.Settings.DatabaseUri);
    }

    [Fact]
    public void Project_root_comes_from_meltano_project_root_when_no_cwd_is_given()
    {
        var root = FixtureProjects.Source("environments");

        var ctx = ProjectContext.Open(new ProjectOpenOptions { ProcessEnv = FixtureProjects.Env(("MELTANO_PROJECT_ROOT", root)) });

        Assert.Equal(Path.GetFullPath(root), ctx.Root);
        Assert.Equal(Path.Combine(Path.GetFullPath(root), ".meltano"), ctx.Settings.SysDirRoot);
    }
}
