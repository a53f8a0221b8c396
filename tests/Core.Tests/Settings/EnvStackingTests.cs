using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

/// <summary>
/// A plugin's process environment stacks as Meltano documents (lowest first): terminal, .env, schedule env, root env,
/// root plugin env, environment env, environment plugin env.
/// </summary>
public class EnvStackingTests
{
    private static ProjectContext Open(string root, string? environment, IReadOnlyDictionary<string, string>? runEnv = null) =>
        ProjectContext.Open(new ProjectOpenOptions
        {
            Cwd = root,
            Environment = environment,
            ProcessEnv = FixtureProjects.Env(("STACK_LEVEL", "terminal"), ("TERMINAL_ONLY", "terminal"), ("DOTENV_ONLY", "terminal")),
            RunEnv = runEnv,
        });

    [Fact]
    public void The_environment_plugin_env_wins_over_every_other_level()
    {
        var ctx = Open(FixtureProjects.Source("locked"), "dev");

        var env = ctx.PluginEnv(ctx.FindPlugin("tap-gitlab"));

        Assert.Equal("environment-plugin", env["STACK_LEVEL"]);
        Assert.Equal(("root", "plugin", "environment", "terminal"), (env["ROOT_ONLY"], env["PLUGIN_ONLY"], env["ENVIRONMENT_ONLY"], env["TERMINAL_ONLY"]));
    }

    [Fact]
    public void Environment_env_beats_the_plugin_env_which_beats_the_root_env()
    {
        var ctx = Open(FixtureProjects.Source("locked"), "dev");
        Assert.Equal("environment", ctx.PluginEnv(ctx.FindPlugin("target-postgres"))["STACK_LEVEL"]);

        var noEnvironment = Open(FixtureProjects.Source("locked"), "prod");
        Assert.Equal("plugin", noEnvironment.PluginEnv(noEnvironment.FindPlugin("tap-gitlab"))["STACK_LEVEL"]);
        Assert.Equal("root", noEnvironment.PluginEnv(noEnvironment.FindPlugin("target-postgres"))["STACK_LEVEL"]);
    }

    [Fact]
    public void An_inheriting_plugin_gets_its_parents_env_under_its_own()
    {
        var ctx = Open(FixtureProjects.Source("locked"), "prod");

        Assert.Equal("plugin", ctx.PluginEnv(ctx.FindPlugin("tap-gitlab-squared"))["PLUGIN_ONLY"]);
    }

    [Fact]
    public void Schedule_env_beats_the_terminal_and_dotenv_but_not_meltano_yml()
    {
        var root = FixtureProjects.Copy("locked");
        File.WriteAllText(Path.Combine(root, ".env"), "DOTENV_ONLY=dotenv\nSCHEDULE_ONLY=dotenv\n");
        var schedule = ProjectLoader.Load(root).FindSchedule("gitlab-daily")!;
        var ctx = Open(root, "prod", schedule.Env);

        var env = ctx.PluginEnv(ctx.FindPlugin("target-postgres"));

        Assert.Equal(("dotenv", "schedule", "root"), (env["DOTENV_ONLY"], env["SCHEDULE_ONLY"], env["STACK_LEVEL"]));
    }

    [Fact]
    public void Settings_as_env_vars_are_under_meltano_yml_env_and_over_the_terminal()
    {
        var ctx = Open(FixtureProjects.Source("locked"), "prod");

        var env = ctx.PluginEnv(ctx.FindPlugin("tap-gitlab"), new Dictionary<string, string> { ["STACK_LEVEL"] = "setting", ["TERMINAL_ONLY"] = "setting" });

        Assert.Equal(("plugin", "setting"), (env["STACK_LEVEL"], env["TERMINAL_ONLY"]));
    }

    [Fact]
    public void A_level_can_extend_the_one_below_it_with_a_dollar_var()
    {
        var env = EnvStack.Build(
        [
            new EnvLayer("terminal", new Dictionary<string, string> { ["PATH"] = "/usr/bin" }, Expand: false),
            new EnvLayer("env", new Dictionary<string, string> { ["PATH"] = "$PATH:/opt/bin" }, Expand: true),
            new EnvLayer("environment env", new Dictionary<string, string> { ["PATH"] = "${PATH}:/srv/bin" }, Expand: true),
        ], strictEnvVarMode: false);

        Assert.Equal("/usr/bin:/opt/bin:/srv/bin", env["PATH"]);
    }
}
