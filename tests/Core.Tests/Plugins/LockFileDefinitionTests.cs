using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;
using Tapline.Core.Tests.Project;

namespace Tapline.Core.Tests.Plugins;

/// <summary>The lock file is the parent of a variant plugin, as in Meltano 3: its settings, commands and executable apply.</summary>
public class LockFileDefinitionTests
{
    private static ProjectContext Open(string root, params (string Key, string Value)[] env) =>
        ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env(env) });

    [Fact]
    public void Settings_of_the_lock_file_are_listed_in_its_order_with_their_env_vars_and_defaults()
    {
        var ctx = Open(FixtureProjects.Source("locked"));
        var settings = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-gitlab")).Config.ToList();

        Assert.Equal(["api_url", "private_token", "projects", "ultimate_license", "start_date"], settings.Select(s => s.Name));
        Assert.Equal("TAP_GITLAB_PRIVATE_TOKEN", settings.Single(s => s.Name == "private_token").EnvVar);
        Assert.Equal(("https://gitlab.com", SettingValueSource.Default), (settings[0].Value, settings[0].Source));
        Assert.Equal(("meltano/meltano", SettingValueSource.MeltanoYml), (settings[2].Value, settings[2].Source));
    }

    [Fact]
    public void A_lock_file_setting_is_read_from_its_env_var_and_alias_and_given_to_the_plugin_under_its_custom_env()
    {
        var ctx = Open(FixtureProjects.Source("locked"), ("TAP_GITLAB_PRIVATE_TOKEN", "glpat-secret"), ("TAP_GITLAB_PROJECT_IDS", "from/alias"),
            ("DBT_POSTGRES_PROFILES_DIR", "/profiles"), ("DBT_PROFILES_DIR", "/not-read"));

        var tap = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-gitlab"));
        Assert.Equal(("glpat-secret", SettingValueSource.Env), (tap["private_token"], tap.Find("private_token")!.Source));
        Assert.Equal("from/alias", tap["projects"]);
        var dbt = ctx.ResolvePluginSettings(ctx.FindPlugin("dbt-postgres"));
        Assert.Equal("/profiles", dbt["profiles_dir"]);
        Assert.Equal("DBT_POSTGRES_PROFILES_DIR", dbt.Find("profiles_dir")!.EnvVar);
        Assert.Equal("/profiles", dbt.ToEnvironment()["DBT_PROFILES_DIR"]);
    }

    [Fact]
    public void Password_kind_and_sensitive_lock_settings_are_redacted()
    {
        var ctx = Open(FixtureProjects.Source("locked"), ("TAP_GITLAB_PRIVATE_TOKEN", "glpat-secret"), ("TARGET_POSTGRES_PASSWORD", "pg-secret"));

        var tapJson = ctx.ResolvePluginSettings(ctx.FindPlugin("tap-gitlab")).ToJson().ToJsonString();
        var targetJson = ctx.ResolvePluginSettings(ctx.FindPlugin("target-postgres")).ToJson().ToJsonString();

        Assert.DoesNotContain("glpat-secret", tapJson);
        Assert.DoesNotContain("pg-secret", targetJson);
        Assert.Contains(Redaction.Value, targetJson);
    }

    [Fact]
    public void A_sensitive_lock_setting_set_with_store_auto_goes_to_dotenv_never_meltano_yml()
    {
        var root = FixtureProjects.Copy("locked");
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));
        var ctx = Open(root);

        var result = SettingsWriter.Set(ctx, ctx.FindPlugin("target-postgres"), "password", "pg-secret");

        Assert.Equal(SettingValueSource.DotEnv, result.Store);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.Contains("TARGET_POSTGRES_PASSWORD=pg-secret", File.ReadAllText(Path.Combine(root, ".env")));
        var reopened = Open(root);
        Assert.Equal("pg-secret", reopened.ResolvePluginSettings(reopened.FindPlugin("target-postgres"))["password"]);

        SettingsWriter.Set(reopened, reopened.FindPlugin("target-postgres"), "port", "6543");
        Assert.Contains("port: 6543", File.ReadAllText(Path.Combine(root, "meltano.yml")));
        MeltanoSchema.AssertValid(Path.Combine(root, "meltano.yml"));
    }

    [Fact]
    public void Executable_pip_url_and_capabilities_come_from_the_lock_file_unless_meltano_yml_says_otherwise()
    {
        var ctx = Open(FixtureProjects.Source("locked"));

        var dbt = ProjectPluginSpec.For(ctx, ctx.FindPlugin("dbt-postgres"));
        Assert.Equal("dbt_invoker", dbt.ExecutableName);
        Assert.StartsWith("dbt-core~=1.8.0", dbt.PipUrl);
        var tap = ProjectPluginSpec.For(ctx, ctx.FindPlugin("tap-gitlab"));
        Assert.Equal(["catalog", "discover", "state"], tap.Capabilities!);
        Assert.Equal("tap-gitlab", tap.ExecutableName);
    }

    [Fact]
    public void Commands_of_the_lock_file_and_of_meltano_yml_are_merged_and_keep_their_own_executable()
    {
        var dbt = ProjectLoader.Load(FixtureProjects.Source("locked")).FindPlugin("dbt-postgres")!;

        Assert.Equal(["run", "docs-generate", "describe", "seed"], dbt.EffectiveCommands.Keys);
        Assert.Equal("docs generate", dbt.EffectiveCommands["docs-generate"].Args);
        Assert.Equal("dbt_extension", dbt.EffectiveCommands["describe"].Executable);
        Assert.Empty(ProjectLoader.Lint(FixtureProjects.Source("locked")));
    }

    [Fact]
    public void An_inheriting_plugin_gets_the_lock_file_through_its_parent_and_its_own_env_prefix()
    {
        var ctx = Open(FixtureProjects.Source("locked"), ("TAP_GITLAB_SQUARED_PRIVATE_TOKEN", "child-token"));
        var child = ctx.FindPlugin("tap-gitlab-squared");
        var settings = ctx.ResolvePluginSettings(child);

        Assert.Equal("tap_gitlab_squared", child.EffectiveNamespace);
        Assert.Equal(("meltano/squared", "child-token", "2024-01-01T00:00:00Z"), (settings["projects"], settings["private_token"], settings["start_date"]));
        Assert.Equal("https://gitlab.com", settings["api_url"]);
    }

    [Fact]
    public void A_custom_plugin_with_a_namespace_is_defined_by_meltano_yml_alone()
    {
        var ctx = Open(FixtureProjects.Source("locked"));
        var custom = ctx.FindPlugin("tap-custom");

        Assert.Null(custom.Parent);
        Assert.Equal(["api_key", "base_url"], ctx.ResolvePluginSettings(custom).Config.Select(s => s.Name));
        Assert.Equal("TAP_CUSTOM_API_KEY", ctx.ResolvePluginSettings(custom).Find("api_key")!.EnvVar);
    }

    [Fact]
    public void A_variant_without_its_lock_file_loads_from_meltano_yml_with_a_warning()
    {
        var root = FixtureProjects.Copy("locked");
        File.Delete(Path.Combine(root, "plugins", "loaders", "target-postgres--meltanolabs.lock"));

        var (project, errors) = ProjectLoader.Analyze(root);

        Assert.Empty(errors);
        Assert.Contains(project!.Warnings, w => w.Message.StartsWith("loader 'target-postgres': no lock file plugins/loaders/target-postgres--meltanolabs.lock"));
        Assert.Null(project.FindPlugin("target-postgres")!.Parent);
    }

    [Fact]
    public void A_malformed_lock_file_is_an_error_naming_the_file_and_line()
    {
        var root = FixtureProjects.Copy("locked");
        var lockPath = Path.Combine(root, "plugins", "loaders", "target-postgres--meltanolabs.lock");
        File.WriteAllText(lockPath, "{\n  \"name\": \"target-postgres\",\n  \"settings\": [\n}\n");

        var error = Assert.Single(ProjectLoader.Lint(root));

        Assert.Equal(lockPath, error.File);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("malformed lock file", error.Message);
    }

    [Fact]
    public void The_locked_corpus_project_is_one_Meltano_itself_accepts()
    {
        MeltanoSchema.AssertValid(Path.Combine(FixtureProjects.Source("locked"), "meltano.yml"));
    }

    [Fact]
    public void A_lock_file_command_is_a_run_step_and_one_with_its_own_executable_runs_that()
    {
        var root = FixtureProjects.Copy("locked");
        var extension = Path.Combine(root, "dbt_extension");
        File.WriteAllText(extension, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(extension, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var ctx = Open(root);

        var step = Assert.IsType<Tapline.Core.Pipelines.Blocks.CommandStep>(
            Assert.Single(Tapline.Core.Pipelines.Blocks.BlockParser.Parse(ctx.Project, ["dbt-postgres:docs-generate"])));
        Assert.Equal("docs-generate", step.CommandName);
        // dbt_invoker (the plugin's executable) is not installed; describe needs only dbt_extension.
        var process = Tapline.Core.Pipelines.Runs.PipelineExecutor.CommandProcess(ctx, ctx.FindPlugin("dbt-postgres"), "describe", []);
        Assert.Equal(extension, process.Executable);
        Assert.Equal(["describe"], process.Args);
        Assert.Equal(ctx.Root + "/transform/profiles/postgres", process.Env["DBT_PROFILES_DIR"]);
    }
}
