using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Project;

public class ProjectLoaderTests
{
    [Fact]
    public void Full_schema_loads_every_key_of_meltano_yml()
    {
        var p = ProjectLoader.Load(FixtureProjects.Source("full-schema"));

        Assert.Equal(1L, p.Version);
        Assert.Equal("dev", p.DefaultEnvironment);
        Assert.Equal("5a2c8d8e-1111-4c62-9a57-2d9e0c1b5f10", p.ProjectId);
        Assert.False(p.SendAnonymousUsageStats);
        Assert.Equal("systemdb", ((Dictionary<string, object?>)p.StateBackend!)["uri"]);
        Assert.Equal("from-project", p.Env["PROJECT_LEVEL"]);
        Assert.Equal("data-platform", p.TopLevel["x-team-owner"]);
        Assert.Equal(
            [PluginType.Extractors, PluginType.Loaders, PluginType.Transformers, PluginType.Transforms, PluginType.Orchestrators,
             PluginType.Utilities, PluginType.Mappers, PluginType.Files],
            p.Plugins.Select(x => x.Type));

        var tap = p.FindPlugin("tap-gitlab")!;
        Assert.Equal("meltanolabs", tap.Variant);
        Assert.Equal("git+https://github.com/MeltanoLabs/tap-gitlab.git", tap.PipUrl);
        Assert.Equal("tap_gitlab", tap.Namespace);
        Assert.Equal("tap-gitlab", tap.Executable);
        Assert.Equal(["catalog", "discover", "state"], tap.Capabilities);
        Assert.Equal(["commits.*", "!commits.author_email"], tap.Select);
        Assert.Equal("INCREMENTAL", ((Dictionary<string, object?>)tap.Metadata!["commits"]!)["replication-method"]);
        Assert.True(tap.Schema!.ContainsKey("commits"));
        Assert.Equal("extract/gitlab.catalog.json", tap.Catalog);
        Assert.Equal("extract/gitlab.state.json", tap.State);
        Assert.Equal("gitlab", tap.LoadSchema);
        Assert.Equal(["commits"], tap.SelectFilter);
        Assert.Equal("from-plugin", tap.Env["PLUGIN_LEVEL"]);
        Assert.Equal("team-a", tap.Extras["x-owner"]);

        var token = tap.Settings.Single(s => s.Name == "private_token");
        Assert.Equal(SettingKind.Password, token.Kind);
        Assert.Equal(["token"], token.Aliases);
        var api = tap.Settings.Single(s => s.Name == "api.url");
        Assert.Equal("GITLAB_API_URL", api.Env);
        Assert.Equal("https://gitlab.com", api.Value);
        var mode = tap.Settings.Single(s => s.Name == "mode");
        Assert.Equal(["full", "light"], mode.Options.Select(o => o.Value));
        Assert.Equal("Projects", tap.Settings[0].Label);
        Assert.Equal("Space-separated project ids", tap.Settings[0].Description);

        var dbt = p.FindPlugin("dbt-postgres")!;
        Assert.Equal(new PluginCommand("compile", "compile", null, null), dbt.Commands["compile"]);
        Assert.Equal(new PluginCommand("run", "run", "dbt", "Run dbt"), dbt.Commands["run"]);
        Assert.NotNull(dbt.Requires);

        Assert.Equal("hide-emails", p.FindPlugin("meltano-map-transformer")!.Mappings.Single().Name);

        var elt = p.FindSchedule("gitlab-daily")!;
        Assert.Equal(("tap-gitlab", "target-postgres", "skip", "@daily", "2024-01-01"), (elt.Extractor, elt.Loader, elt.Transform, elt.Interval, elt.StartDate));
        Assert.Equal("1", elt.Env["SCHEDULE_LEVEL"]);
        Assert.Equal("kept", elt.Extras["x-note"]);
        var jobSchedule = p.FindSchedule("nightly-job")!;
        Assert.True(jobSchedule.IsJobSchedule);
        Assert.Equal("0 2 * * *", jobSchedule.Interval);

        var dev = p.FindEnvironment("dev")!;
        Assert.Equal("dev-suffix", dev.StateIdSuffix);
        Assert.Equal("from-dev", dev.Env["ENV_LEVEL"]);
        var devTap = dev.FindPlugin(PluginType.Extractors, "tap-gitlab")!;
        Assert.Equal("meltano/dev-only", devTap.Config["projects"]);
        Assert.Equal(new List<object?> { "issues.*" }, devTap.Extras["select"]);
    }

    [Fact]
    public void Job_tasks_may_be_a_string_a_list_or_a_list_of_lists()
    {
        var p = ProjectLoader.Load(FixtureProjects.Source("full-schema"));

        var single = p.FindJob("single")!.Tasks.Single();
        Assert.False(single.IsList);
        Assert.Equal(["tap-gitlab", "target-postgres"], single.Steps);

        Assert.Equal(["tap-gitlab hide-emails target-postgres", "dbt-postgres:run"], p.FindJob("gitlab-nightly")!.Tasks.Select(t => t.ToString()));

        var nested = p.FindJob("nested")!.Tasks;
        Assert.True(nested[0].IsList);
        Assert.Equal(["tap-gitlab target-postgres", "dbt-postgres:compile"], nested[0].Parts);
        Assert.Equal(["tap-gitlab", "target-postgres", "dbt-postgres:compile"], nested[0].Steps);
        Assert.False(nested[1].IsList);
    }

    [Fact]
    public void Include_paths_merge_plugins_schedules_jobs_and_environments_from_every_matching_file()
    {
        var p = ProjectLoader.Load(FixtureProjects.Source("multi-file"));

        Assert.Equal(["target-jsonl", "tap-csv", "tap-csv--other"], p.Plugins.Select(x => x.Name));
        Assert.Equal(2, p.IncludedFiles.Count);
        Assert.Equal("daily", p.Schedules.Single().Name);
        Assert.Equal("both", p.Jobs.Single().Name);
        Assert.Equal(["dev", "staging"], p.Environments.Select(e => e.Name));
        Assert.Same(p.FindPlugin("tap-csv"), p.FindPlugin("tap-csv--other")!.Parent);
        Assert.EndsWith(Path.Combine("extractors", "taps.meltano.yml"), p.FindPlugin("tap-csv")!.Location.File);
    }

    [Fact]
    public void Inherit_from_chains_resolve_to_the_nearest_definition()
    {
        var p = ProjectLoader.Load(FixtureProjects.Source("inherit"));
        var leaf = p.FindPlugin("tap-leaf")!;

        Assert.Equal("tap-middle", leaf.Parent!.Name);
        Assert.Equal("tap-base", leaf.Parent.Parent!.Name);
        Assert.Equal("tap-base", leaf.EffectiveExecutable);
        // Meltano: an inheriting plugin's namespace is its own name, not its parent's.
        Assert.Equal("tap_leaf", leaf.EffectiveNamespace);
        Assert.Equal(["host", "port", "user", "extra"], leaf.EffectiveSettings.Select(s => s.Name));
    }

    [Fact]
    public void Malformed_yaml_names_the_file_line_and_column()
    {
        var root = FixtureProjects.Source("bad-yaml");

        var ex = Assert.Throws<ProjectException>(() => ProjectLoader.Load(root));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(Path.Combine(root, "meltano.yml"), error.File);
        // Where the unclosed '[' starts (as PyYAML), naming where it was noticed.
        Assert.Equal((6, 12), (error.Line, error.Column));
        Assert.Contains("malformed YAML", error.Message);
        Assert.Contains("meltano.yml:6:12:", ex.Message);
        Assert.Contains("noticed at line 7", error.Message);
    }

    [Theory]
    [InlineData("version: 1\nversion: 2\n", 2, "Duplicate key")]
    [InlineData("version: 1\nplugins:\n\textractors: []\n", 3, "tab")]
    [InlineData("version: 1\nplugins:\n  extractors:\n  - name: 'tap-x\n", 4, "malformed YAML")]
    [InlineData("- a\n- b\n", 1, "must be a YAML mapping")]
    public void Every_kind_of_broken_yaml_points_at_its_line(string text, int line, string words)
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"broken-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), text);

        var error = Assert.Single(ProjectLoader.Lint(root));

        Assert.Equal(line, error.Line);
        Assert.Contains(words, error.Message);
    }

    [Fact]
    public void Schedule_or_job_naming_an_unknown_plugin_is_one_clear_error_each()
    {
        var errors = ProjectLoader.Lint(FixtureProjects.Source("bad-unknown-plugin"));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "schedule 'broken': extractor 'tap-ghost' is not an extractor of this project" && e.Line == 8);
        Assert.Contains(errors, e => e.Message == "job 'broken-job': 'target-phantom' names no plugin or mapping of this project" && e.Line == 13);
    }

    [Fact]
    public void Inherit_from_cycle_is_an_error_naming_the_chain()
    {
        var errors = ProjectLoader.Lint(FixtureProjects.Source("bad-inherit-cycle"));

        Assert.Contains(errors, e => e.Message == "plugin 'tap-a': inherit_from cycle tap-a -> tap-b -> tap-a");
    }

    [Fact]
    public void Unknown_setting_kind_is_an_error_at_its_line()
    {
        var error = Assert.Single(ProjectLoader.Lint(FixtureProjects.Source("bad-kind-name")));

        Assert.Equal(7, error.Line);
        Assert.StartsWith("plugin 'tap-x', setting 'port': unknown kind 'integr'", error.Message);
    }

    [Fact]
    public void Include_glob_that_matches_nothing_is_an_error()
    {
        var error = Assert.Single(ProjectLoader.Lint(FixtureProjects.Source("bad-include-no-match")));

        Assert.Equal("include_paths: './nowhere/*.yml' matches no file", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Lint_collects_every_error_at_once()
    {
        var messages = ProjectLoader.Lint(FixtureProjects.Source("bad-many")).Select(e => e.Message).ToList();

        Assert.Contains(messages, m => m.StartsWith("include_paths: './missing/*.yml' matches no file"));
        Assert.Contains(messages, m => m.StartsWith("plugin 'tap-a', setting 's': unknown kind 'sometimes'"));
        Assert.Contains(messages, m => m.StartsWith("unknown plugin type 'widgets'"));
        Assert.Contains(messages, m => m == "plugin 'tap-a': inherit_from cycle tap-a -> tap-a");
        Assert.Contains(messages, m => m.StartsWith("default_environment 'nowhere' is not one of the environments"));
        Assert.Contains(messages, m => m.StartsWith("schedule 's1': interval '@sometimes'"));
        Assert.Contains(messages, m => m == "schedule 's1': loader 'target-none' is not a loader of this project");
        Assert.Contains(messages, m => m == "job 'j1': 'target-none' names no plugin or mapping of this project");
        Assert.Equal(8, messages.Count);
    }

    [Fact]
    public void Demo_project_is_valid()
    {
        var demo = Path.Combine(RepoRoot(), "demo");

        Assert.Empty(ProjectLoader.Lint(demo));
        var p = ProjectLoader.Load(demo);
        Assert.Equal(["daily-csv", "csv-every-5-min"], p.Schedules.Select(s => s.Name));
        Assert.All(p.Schedules, s => Assert.Equal(("tap-csv", "target-jsonl"), (s.Extractor, s.Loader)));
        Assert.Equal("csv-to-jsonl", p.Jobs.Single().Name);
    }

    internal static string RepoRoot() => global::Tapline.TestSupport.RepoPaths.Root;
}
