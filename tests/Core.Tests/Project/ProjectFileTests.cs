using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Tests.Project;

public class ProjectFileTests
{
    private static readonly Dictionary<string, string> NoEnv = [];

    private static Dictionary<string, object?> ReadTree(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        return YamlValues.ToDictionary((YamlMappingNode)stream.Documents[0].RootNode);
    }

    private static List<string> Keys(string file) => ReadTree(file).Keys.ToList();

    [Fact]
    public void Round_trip_load_write_load_is_equal_and_keeps_every_key_in_order()
    {
        var root = FixtureProjects.Copy("full-schema");
        var file = Path.Combine(root, "meltano.yml");
        var before = ReadTree(file);
        var beforeKeys = Keys(file);

        // A change that is undone still rewrites the file, so this is load -> write -> load.
        ProjectFile.Edit(root, doc =>
        {
            doc.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "projects", "temporary");
            doc.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "projects", "meltano/meltano");
        }, NoEnv);

        Assert.True(YamlValues.DeepEquals(before, ReadTree(file)));
        Assert.Equal(beforeKeys, Keys(file));
        var reloaded = ProjectLoader.Load(root);
        Assert.Equal("data-platform", reloaded.TopLevel["x-team-owner"]);
        Assert.Equal("team-a", reloaded.FindPlugin("tap-gitlab")!.Extras["x-owner"]);
        Assert.Equal("2024-01-01T00:00:00Z", reloaded.FindPlugin("tap-gitlab")!.Settings.Single(s => s.Name == "start_date").Value);
    }

    [Fact]
    public void Setting_plugin_config_changes_that_value_only()
    {
        var root = FixtureProjects.Copy("full-schema");
        var file = Path.Combine(root, "meltano.yml");
        var before = ReadTree(file);

        ProjectFile.Edit(root, doc => doc.SetPluginConfig(PluginType.Loaders, "target-postgres", "port", 6543L), NoEnv);

        var after = ReadTree(file);
        var loader = ((List<object?>)((Dictionary<string, object?>)after["plugins"]!)["loaders"]!).Cast<Dictionary<string, object?>>().Single();
        Assert.Equal(6543L, ((Dictionary<string, object?>)loader["config"]!)["port"]);
        ((Dictionary<string, object?>)loader["config"]!)["port"] = 5432L;
        Assert.True(YamlValues.DeepEquals(before, after));
    }

    [Fact]
    public void Dotted_setting_is_written_nested_and_unset_leaves_no_empty_mapping()
    {
        var root = FixtureProjects.Copy("inherit");

        ProjectFile.Edit(root, doc => doc.SetPluginConfig(PluginType.Extractors, "tap-base", "ssl.mode", "require"), NoEnv);
        var config = ProjectLoader.Load(root).FindPlugin("tap-base")!.Config;
        Assert.Equal("require", ((Dictionary<string, object?>)config["ssl"]!)["mode"]);

        ProjectFile.Edit(root, doc => Assert.True(doc.UnsetPluginConfig(PluginType.Extractors, "tap-base", "ssl.mode")), NoEnv);
        Assert.False(ProjectLoader.Load(root).FindPlugin("tap-base")!.Config.ContainsKey("ssl"));
    }

    [Fact]
    public void Config_of_a_plugin_in_an_included_file_is_written_to_that_file()
    {
        var root = FixtureProjects.Copy("multi-file");
        var mainBefore = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        ProjectFile.Edit(root, doc => doc.SetPluginConfig(PluginType.Extractors, "tap-csv", "delimiter", ";"), NoEnv);

        Assert.Equal(mainBefore, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.Equal(";", ProjectLoader.Load(root).FindPlugin("tap-csv")!.Config["delimiter"]);
        Assert.Contains("delimiter", File.ReadAllText(Path.Combine(root, "extractors", "taps.meltano.yml")));
    }

    [Fact]
    public void Environment_config_is_written_under_the_environment()
    {
        var root = FixtureProjects.Copy("environments");

        ProjectFile.Edit(root, doc => doc.SetPluginConfig(PluginType.Extractors, "tap-api", "page_size", 7L, "prod"), NoEnv);

        var p = ProjectLoader.Load(root);
        Assert.Equal(7L, p.FindEnvironment("prod")!.FindPlugin(PluginType.Extractors, "tap-api")!.Config["page_size"]);
        Assert.Equal(50L, p.FindPlugin("tap-api")!.Config["page_size"]);
    }

    [Fact]
    public void Schedules_can_be_added_updated_paused_and_removed_keeping_unknown_keys()
    {
        var root = FixtureProjects.Copy("full-schema");

        ProjectFile.Edit(root, doc =>
        {
            doc.AddSchedule(new ScheduleDefinition { Name = "hourly", Extractor = "tap-gitlab", Loader = "target-postgres", Interval = "@hourly" });
            doc.UpdateSchedule("gitlab-daily", new ScheduleDefinition { Name = "gitlab-daily", Job = "single", Interval = "@weekly" });
            doc.SetScheduleEnabled("nightly-job", false);
        }, NoEnv);

        var p = ProjectLoader.Load(root);
        Assert.Equal(["gitlab-daily", "nightly-job", "hourly"], p.Schedules.Select(s => s.Name));
        var updated = p.FindSchedule("gitlab-daily")!;
        Assert.Equal(("single", null, "@weekly"), (updated.Job, updated.Extractor, updated.Interval));
        Assert.Equal("kept", updated.Extras["x-note"]);
        Assert.False(p.FindSchedule("nightly-job")!.Enabled);

        ProjectFile.Edit(root, doc =>
        {
            Assert.True(doc.RemoveSchedule("hourly"));
            doc.SetScheduleEnabled("nightly-job", true);
        }, NoEnv);
        p = ProjectLoader.Load(root);
        Assert.Null(p.FindSchedule("hourly"));
        Assert.True(p.FindSchedule("nightly-job")!.Enabled);
    }

    [Fact]
    public void An_edit_that_would_break_the_project_writes_nothing()
    {
        var root = FixtureProjects.Copy("full-schema");
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var ex = Assert.Throws<ProjectException>(() => ProjectFile.Edit(root, doc =>
            doc.AddSchedule(new ScheduleDefinition { Name = "bad", Extractor = "tap-nope", Loader = "target-postgres", Interval = "@daily" }), NoEnv));

        Assert.Contains("extractor 'tap-nope' is not an extractor of this project", ex.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public void Removing_the_default_environment_is_refused()
    {
        var root = FixtureProjects.Copy("environments");

        var ex = Assert.Throws<ProjectException>(() => ProjectFile.Edit(root, doc => doc.RemoveEnvironment("dev"), NoEnv));

        Assert.Contains("default_environment 'dev' is not one of the environments", ex.Message);
        Assert.NotNull(ProjectLoader.Load(root).FindEnvironment("dev"));
    }

    [Fact]
    public void Read_only_project_refuses_every_write_with_a_clear_error()
    {
        var root = FixtureProjects.Copy("environments");
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var ex = Assert.Throws<ProjectReadOnlyException>(() => ProjectFile.Edit(root, doc => doc.AddEnvironment("qa"),
            FixtureProjects.Env(("MELTANO_PROJECT_READONLY", "true"))));

        Assert.Contains("read-only", ex.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public void Read_only_can_also_come_from_meltano_yml_and_dotenv()
    {
        var root = FixtureProjects.Copy("environments");
        File.WriteAllText(Path.Combine(root, ".env"), "MELTANO_PROJECT_READONLY=1\n");

        Assert.Throws<ProjectReadOnlyException>(() => ProjectFile.Edit(root, doc => doc.AddEnvironment("qa"), NoEnv));

        File.Delete(Path.Combine(root, ".env"));
        File.AppendAllText(Path.Combine(root, "meltano.yml"), "project_readonly: true\n");
        Assert.Throws<ProjectReadOnlyException>(() => ProjectFile.Edit(root, doc => doc.AddEnvironment("qa"), NoEnv));
    }

    [Fact]
    public void Writes_leave_no_temporary_files_behind()
    {
        var root = FixtureProjects.Copy("environments");

        ProjectFile.Edit(root, doc => doc.AddEnvironment("qa"), NoEnv);

        Assert.Equal(["meltano.yml"], Directory.GetFiles(root).Select(Path.GetFileName));
        Assert.NotNull(ProjectLoader.Load(root).FindEnvironment("qa"));
    }
}
