using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

public class SettingsWriterTests
{
    private static ProjectContext Open(string root, params (string, string)[] env) =>
        ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env(env) });

    [Fact]
    public void Auto_store_writes_to_the_active_environment_and_the_value_resolves_from_there()
    {
        var root = FixtureProjects.Copy("environments");
        var ctx = Open(root);

        var result = SettingsWriter.Set(ctx, ctx.FindPlugin("tap-api"), "page_size", "25");

        Assert.Equal((SettingValueSource.Environment, "dev", 25L), (result.Store, result.Environment, result.Value));
        var again = Open(root);
        var s = again.ResolvePluginSettings(again.FindPlugin("tap-api")).Find("page_size")!;
        Assert.Equal((25L, SettingValueSource.Environment), (s.Value, s.Source));
    }

    [Fact]
    public void Auto_store_without_an_environment_writes_the_plugin_config()
    {
        var root = FixtureProjects.Copy("inherit");
        var ctx = Open(root);

        var result = SettingsWriter.Set(ctx, ctx.FindPlugin("tap-leaf"), "user", "leaf-user");

        Assert.Equal(SettingValueSource.MeltanoYml, result.Store);
        Assert.Equal("leaf-user", ProjectLoader.Load(root).FindPlugin("tap-leaf")!.Config["user"]);
    }

    [Fact]
    public void Secrets_go_to_dotenv_under_the_plugin_env_var()
    {
        var root = FixtureProjects.Copy("kinds");
        var ctx = Open(root);

        var result = SettingsWriter.Set(ctx, ctx.FindPlugin("tap-kinds"), "a_password", "new-secret");

        Assert.Equal(SettingValueSource.DotEnv, result.Store);
        Assert.Equal("new-secret", DotEnvFile.Read(Path.Combine(root, ".env"))["TAP_KINDS_A_PASSWORD"]);
        Assert.DoesNotContain("new-secret", File.ReadAllText(Path.Combine(root, "meltano.yml")));
        var again = Open(root);
        Assert.Equal(SettingValueSource.DotEnv, again.ResolvePluginSettings(again.FindPlugin("tap-kinds")).Find("a_password")!.Source);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_writes_nothing()
    {
        var root = FixtureProjects.Copy("kinds");
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));
        var ctx = Open(root);

        var ex = Assert.Throws<SettingsException>(() => SettingsWriter.Set(ctx, ctx.FindPlugin("tap-kinds"), "an_integer", "many"));

        Assert.Equal("plugin 'tap-kinds', setting 'an_integer' (integer): 'many' is not an integer (from the new value)", ex.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.False(File.Exists(Path.Combine(root, ".env")));
    }

    [Fact]
    public void Unset_with_auto_removes_the_value_from_every_store()
    {
        var root = FixtureProjects.Copy("environments");
        File.WriteAllText(Path.Combine(root, ".env"), "TAP_API_URL=https://dotenv\nOTHER=1\n");
        var ctx = Open(root);

        var removed = SettingsWriter.Unset(ctx, ctx.FindPlugin("tap-api"), "url");

        Assert.Equal(["`.env`", "`meltano.yml`", "the 'dev' environment in `meltano.yml`"], removed);
        Assert.Equal("OTHER=1\n", File.ReadAllText(Path.Combine(root, ".env")));
        var again = Open(root);
        Assert.Null(again.ResolvePluginSettings(again.FindPlugin("tap-api"))["url"]);
    }

    [Fact]
    public void Meltanos_project_settings_go_to_the_top_of_meltano_yml_and_Taplines_under_annotations()
    {
        var root = FixtureProjects.Copy("environments");
        var ctx = Open(root);

        SettingsWriter.Set(ctx, null, "ui.bind_port", "8080");
        SettingsWriter.Set(Open(root), null, "elt.buffer_size", "1024");

        Assert.Equal(8080, Open(root).Settings.UiBindPort);
        var top = ProjectLoader.Load(root).TopLevel;
        Assert.Equal(new Dictionary<string, object?> { ["bind_port"] = 8080L }, ((Dictionary<string, object?>)((Dictionary<string, object?>)top["annotations"]!)["tapline"]!)["ui"]);
        Assert.Equal(new Dictionary<string, object?> { ["buffer_size"] = 1024L }, top["elt"]);
        Assert.False(top.ContainsKey("ui"));
        Tapline.Core.Tests.Project.MeltanoSchema.AssertValid(Path.Combine(root, "meltano.yml"));

        SettingsWriter.Unset(Open(root), null, "ui.bind_port");
        Assert.False(ProjectLoader.Load(root).TopLevel.ContainsKey("annotations"));
    }

    [Fact]
    public void Read_only_project_refuses_dotenv_writes_too()
    {
        var root = FixtureProjects.Copy("kinds");
        var ctx = Open(root, ("MELTANO_PROJECT_READONLY", "true"));

        Assert.Throws<ProjectReadOnlyException>(() => SettingsWriter.Set(ctx, ctx.FindPlugin("tap-kinds"), "a_password", "x", SettingStore.DotEnv));
        Assert.False(File.Exists(Path.Combine(root, ".env")));
    }

    [Fact]
    public void Db_store_needs_a_context_opened_with_the_system_database()
    {
        var ctx = Open(FixtureProjects.Copy("kinds"));

        var ex = Assert.Throws<SettingsException>(() => SettingsWriter.Set(ctx, ctx.FindPlugin("tap-kinds"), "a_string", "x", SettingStore.Db));

        Assert.Equal(SettingsWriter.DbNotAvailable, ex.Message);
    }
}
