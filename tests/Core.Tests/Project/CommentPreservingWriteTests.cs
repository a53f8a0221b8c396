using Tapline.Core.Project;

namespace Tapline.Core.Tests.Project;

/// <summary>Every write keeps what the edit did not touch byte for byte: comments, blank lines, quoting, key order.</summary>
public class CommentPreservingWriteTests
{
    private static readonly Dictionary<string, string> NoEnv = [];

    private const string Original = """
        # Meltano project of the data team (do not reorder: reviewed by humans)
        version: 1
        default_environment: dev
        project_id: 'abc-123'   # keep quoted

        plugins:
          extractors:
            # GitLab issues and merge requests
            - name: tap-gitlab
              variant: meltanolabs
              pip_url: "git+https://github.com/MeltanoLabs/tap-gitlab.git"
              config:
                projects: 'meltano/meltano'  # the main repo
                start_date: '2024-01-01T00:00:00Z'
              select:
                - issues.*   # only issues
                - projects.*
          loaders:
            - name: target-jsonl
              variant: andyh1203
              config: {}

        environments:
          - name: dev   # local work
          - name: prod
            config:
              plugins:
                extractors:
                  - name: tap-gitlab
                    config:
                      projects: meltano/squared

        schedules:
          # nightly run
          - name: gitlab-daily
            interval: '@daily'
            transform: skip
            start_date: 2024-01-01 00:00:00
            extractor: tap-gitlab
            loader: target-jsonl

        jobs:
          - name: gitlab-to-jsonl
            tasks:
              - tap-gitlab target-jsonl   # one block
        """;

    private static (string Root, string File) Project(string text = Original)
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"comments-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "meltano.yml");
        File.WriteAllText(file, text + "\n");
        return (root, file);
    }

    private static string Edit(Action<ProjectDocument> edit, string text = Original)
    {
        var (root, file) = Project(text);
        ProjectFile.Edit(root, edit, NoEnv);
        return File.ReadAllText(file);
    }

    [Fact]
    public void Changing_a_quoted_config_value_changes_only_that_value_and_keeps_its_quotes_and_comment()
    {
        var after = Edit(d => d.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "projects", "meltano/sdk"));

        Assert.Equal(Original.Replace("projects: 'meltano/meltano'  # the main repo", "projects: 'meltano/sdk'  # the main repo") + "\n", after);
    }

    [Fact]
    public void A_new_config_key_is_appended_at_the_config_indentation_and_nothing_else_moves()
    {
        var after = Edit(d => d.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "fetch_merge_requests", true));

        Assert.Equal(Original.Replace(
            "        start_date: '2024-01-01T00:00:00Z'\n",
            "        start_date: '2024-01-01T00:00:00Z'\n        fetch_merge_requests: true\n") + "\n", after);
        Assert.True(ProjectLoader.Load(Path.GetDirectoryName(WriteAndReturnFile(after))!).FindPlugin("tap-gitlab")!.Config["fetch_merge_requests"] is true);
    }

    [Fact]
    public void An_empty_flow_mapping_that_gains_a_key_becomes_a_block()
    {
        var after = Edit(d => d.SetPluginConfig(PluginType.Loaders, "target-jsonl", "destination_path", "output"));

        Assert.Contains("      config:\n        destination_path: output\n", after);
        Assert.Contains("# Meltano project of the data team", after);
    }

    [Fact]
    public void Unsetting_a_key_removes_its_line_only()
    {
        var after = Edit(d => d.UnsetPluginConfig(PluginType.Extractors, "tap-gitlab", "start_date"));

        Assert.Equal(Original.Replace("        start_date: '2024-01-01T00:00:00Z'\n", "") + "\n", after);
    }

    [Fact]
    public void Environment_config_is_added_under_an_environment_that_had_none_keeping_its_comment()
    {
        var after = Edit(d => d.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "projects", "meltano/dev", "dev"));

        Assert.Contains("  - name: dev   # local work\n", after);
        var p = ProjectLoader.Load(Path.GetDirectoryName(WriteAndReturnFile(after))!);
        Assert.Equal("meltano/dev", p.FindEnvironment("dev")!.FindPlugin(PluginType.Extractors, "tap-gitlab")!.Config["projects"]);
        Assert.Equal("meltano/squared", p.FindEnvironment("prod")!.FindPlugin(PluginType.Extractors, "tap-gitlab")!.Config["projects"]);
    }

    [Fact]
    public void Adding_and_removing_schedules_jobs_and_environments_keeps_every_comment()
    {
        var after = Edit(d =>
        {
            d.AddSchedule(new ScheduleDefinition { Name = "hourly", Job = "gitlab-to-jsonl", Interval = "@hourly" });
            d.AddJob("second", [new JobTask(["tap-gitlab target-jsonl"], false)]);
            d.AddEnvironment("staging");
        });

        foreach (var comment in new[] { "# Meltano project", "# keep quoted", "# GitLab issues", "# the main repo", "# only issues", "# local work", "# nightly run", "# one block" })
        {
            Assert.Contains(comment, after);
        }
        Assert.Contains("    loader: target-jsonl\n  - name: hourly\n    job: gitlab-to-jsonl\n    interval: \"@hourly\"\n", after);
        var p = ProjectLoader.Load(Path.GetDirectoryName(WriteAndReturnFile(after))!);
        Assert.Equal(["gitlab-daily", "hourly"], p.Schedules.Select(s => s.Name));
        Assert.Equal(["gitlab-to-jsonl", "second"], p.Jobs.Select(j => j.Name));
        Assert.Equal(["dev", "prod", "staging"], p.Environments.Select(e => e.Name));

        var (root, file) = Project(after.TrimEnd('\n'));
        ProjectFile.Edit(root, d =>
        {
            Assert.True(d.RemoveSchedule("hourly"));
            Assert.True(d.RemoveJob("second"));
            Assert.True(d.RemoveEnvironment("staging"));
        }, NoEnv);
        Assert.Equal(Original + "\n", File.ReadAllText(file));
    }

    [Fact]
    public void A_plugin_added_replaced_and_removed_leaves_the_other_plugins_text_alone()
    {
        var (root, file) = Project();
        ProjectFile.Edit(root, d => d.SetPlugin(PluginType.Loaders, new Dictionary<string, object?>
        {
            ["name"] = "target-postgres", ["variant"] = "meltanolabs", ["pip_url"] = "meltanolabs-target-postgres",
        }), NoEnv);
        var added = File.ReadAllText(file);
        Assert.Contains("      config: {}\n    - name: target-postgres\n      variant: meltanolabs\n      pip_url: meltanolabs-target-postgres\n", added);

        ProjectFile.Edit(root, d => d.SetPlugin(PluginType.Loaders, new Dictionary<string, object?>
        {
            ["name"] = "target-postgres", ["variant"] = "transferwise", ["pip_url"] = "pipelinewise-target-postgres",
        }), NoEnv);
        Assert.Contains("    - name: target-postgres\n      variant: transferwise\n", File.ReadAllText(file));

        ProjectFile.Edit(root, d => Assert.True(d.RemovePlugin(PluginType.Loaders, "target-postgres")), NoEnv);
        Assert.Equal(Original + "\n", File.ReadAllText(file));
    }

    [Fact]
    public void Select_rules_are_replaced_in_place()
    {
        var after = Edit(d => d.SetPluginSelect(PluginType.Extractors, "tap-gitlab", ["issues.*", "merge_requests.*"]));

        Assert.Contains("# GitLab issues and merge requests", after);
        Assert.Equal(["issues.*", "merge_requests.*"], ProjectLoader.Load(Path.GetDirectoryName(WriteAndReturnFile(after))!).FindPlugin("tap-gitlab")!.Select!);
    }

    [Fact]
    public void A_job_set_again_gets_its_new_tasks_where_it_stands()
    {
        var after = Edit(d => d.SetJob("gitlab-to-jsonl", [new JobTask(["tap-gitlab", "target-jsonl"], true)]));

        Assert.Contains("  - name: gitlab-to-jsonl\n    tasks:\n    - - tap-gitlab\n      - target-jsonl\n", after.Replace("    tasks:\n      - - ", "    tasks:\n    - - ").Replace("\n        - target", "\n      - target"));
        Assert.StartsWith("# Meltano project of the data team", after);
    }

    [Fact]
    public void Tapline_schedule_keys_are_written_under_annotations_and_the_old_spelling_goes()
    {
        var withOld = Original.Replace("    loader: target-jsonl\n", "    loader: target-jsonl\n    timezone: Europe/Berlin\n");
        var after = Edit(d =>
        {
            d.SetSchedulePolicy("gitlab-daily", "timezone", "Europe/Paris");
            d.SetSchedulePolicy("gitlab-daily", "retries", "3");
            d.SetScheduleEnabled("gitlab-daily", false);
        }, withOld);

        Assert.DoesNotContain("    timezone: Europe/Berlin", after);
        var s = ProjectLoader.Load(Path.GetDirectoryName(WriteAndReturnFile(after))!).FindSchedule("gitlab-daily")!;
        Assert.Equal(("Europe/Paris", 3L, false), (s.Extras["timezone"], s.Extras["retries"], s.Enabled));
        Assert.Contains("annotations:\n      tapline:\n        timezone: Europe/Paris\n        retries: 3\n        enabled: false\n", after);
    }

    private static string WriteAndReturnFile(string text)
    {
        var (_, file) = Project(text.TrimEnd('\n'));
        return file;
    }

    [Fact]
    public void Every_kind_of_write_leaves_a_file_Meltanos_schema_accepts()
    {
        var (root, file) = Project();
        MeltanoSchema.AssertValid(file);
        var edits = new Action<ProjectDocument>[]
        {
            d => d.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "projects", "x/y"),
            d => d.SetPluginConfig(PluginType.Extractors, "tap-gitlab", "ssl.mode", "require", "prod"),
            d => d.SetPluginSelect(PluginType.Extractors, "tap-gitlab", ["a.b"]),
            d => d.SetPlugin(PluginType.Loaders, new Dictionary<string, object?> { ["name"] = "target-x", ["namespace"] = "target_x", ["executable"] = "target-x" }),
            d => d.AddSchedule(new ScheduleDefinition { Name = "h", Extractor = "tap-gitlab", Loader = "target-x", Interval = "@hourly", Enabled = false }),
            d => d.SetSchedulePolicy("h", "timezone", "Europe/Berlin"),
            d => d.SetSchedulePolicy("gitlab-daily", "overlap", "queue"),
            d => d.SetJob("j", [new JobTask(["tap-gitlab target-x"], false)]),
            d => d.AddEnvironment("staging"),
            d => d.SetProjectSetting("ui.bind_port", 5001L),
            d => d.RemovePlugin(PluginType.Loaders, "target-x"),
        };
        foreach (var edit in edits.Take(10))
        {
            ProjectFile.Edit(root, edit, NoEnv);
            MeltanoSchema.AssertValid(file);
        }
        Assert.Contains("# the main repo", File.ReadAllText(file));
    }

    [Fact]
    public void The_demo_project_validates_against_Meltanos_schema()
    {
        MeltanoSchema.AssertValid(Path.Combine(Tapline.TestSupport.RepoPaths.Root, "demo", "meltano.yml"));
    }

    [Fact]
    public void An_include_file_keeps_its_comments_when_a_plugin_in_it_changes()
    {
        var (root, _) = Project("""
            version: 1
            include_paths:
            - ./extract/*.meltano.yml
            """);
        Directory.CreateDirectory(Path.Combine(root, "extract"));
        var include = Path.Combine(root, "extract", "extractors.meltano.yml");
        const string Included = "# extractors owned by the data team\nplugins:\n  extractors:\n  - name: tap-csv   # local files\n    namespace: tap_csv\n    config:\n      delimiter: ','  # csv\n";
        File.WriteAllText(include, Included);

        ProjectFile.Edit(root, d => d.SetPluginConfig(PluginType.Extractors, "tap-csv", "quotechar", "'"), NoEnv);

        Assert.Equal(Included + "      quotechar: \"'\"\n", File.ReadAllText(include));
        MeltanoSchema.AssertValid(include);
    }
}
