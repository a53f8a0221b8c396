using System.Text.Json.Nodes;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class ConfigCommandTests
{
    [Fact]
    public async Task Config_list_works_on_the_demo_project()
    {
        var demo = Path.Combine(RepoRoot(), "demo");

        var r = await RunAsync("--cwd", demo, "config", "list");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("tap-csv (extractors):", r.Stdout);
        Assert.Contains("  files [env: TAP_CSV_FILES] current value: [{\"entity\":\"customers\",\"path\":\"data/customers.csv\",\"keys\":[\"id\"],\"replication_key\":\"updated_at\"}", r.Stdout);
        Assert.Contains("target-jsonl (loaders):", r.Stdout);
        Assert.Contains("  destination_path [env: TARGET_JSONL_DESTINATION_PATH] current value: \"output\" (from `meltano.yml`)", r.Stdout);
        Assert.Contains("  database_uri [env: MELTANO_DATABASE_URI] current value: \"sqlite:///", r.Stdout);
    }

    [Fact]
    public async Task Config_plugin_list_shows_values_and_their_sources()
    {
        var demo = Path.Combine(RepoRoot(), "demo");

        var r = await RunAsync(["--cwd", demo, "config", "target-jsonl", "list"], env: new Dictionary<string, string> { ["TARGET_JSONL_DO_TIMESTAMP_FILE"] = "true" });

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("do_timestamp_file [env: TARGET_JSONL_DO_TIMESTAMP_FILE] current value: true (from the environment)", r.Stdout);
    }

    [Fact]
    public async Task Config_prints_resolved_json_redacted_unless_unsafe()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-x
                settings:
                - {name: user}
                - {name: password, kind: password}
                - {name: port, kind: integer}
                config:
                  user: me
                  password: $SECRET_PASSWORD
                  port: 5432
            """);
        var env = new Dictionary<string, string> { ["SECRET_PASSWORD"] = "hunter2" };

        var redacted = await RunAsync(["--cwd", root, "config", "tap-x"], env: env);
        var plain = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: env);

        Assert.True(redacted.ExitCode == 0, redacted.ToString());
        var json = JsonNode.Parse(redacted.Stdout)!;
        Assert.Equal("me", (string?)json["user"]);
        Assert.Equal("(redacted)", (string?)json["password"]);
        Assert.Equal(5432, (int)json["port"]!);
        Assert.DoesNotContain("hunter2", redacted.Stdout);
        Assert.Equal("hunter2", (string?)JsonNode.Parse(plain.Stdout)!["password"]);
    }

    [Fact]
    public async Task Config_on_a_broken_file_names_the_line()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-x
                config:
                  key: "unterminated
                  other: 1
            """);

        var r = await RunAsync("--cwd", root, "config", "tap-x");

        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"meltano\.yml:\d+:\d+: malformed YAML", r.Stderr);
        Assert.Contains($"{Path.Combine(root, "meltano.yml")}:6:", r.Stderr);
    }

    [Fact]
    public async Task Config_set_with_environment_writes_that_environment_and_unset_removes_it()
    {
        var root = CopyOfDemo();

        var set = await RunAsync("--cwd", root, "--environment", "dev", "config", "target-jsonl", "set", "do_timestamp_file", "true");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("Loader 'target-jsonl' setting 'do_timestamp_file' was set in the 'dev' environment in `meltano.yml`: true", set.Stdout);

        var list = await RunAsync("--cwd", root, "--environment", "dev", "config", "target-jsonl", "list");
        Assert.Contains("do_timestamp_file [env: TARGET_JSONL_DO_TIMESTAMP_FILE] current value: true (from the active environment in `meltano.yml`)", list.Stdout);

        var unset = await RunAsync("--cwd", root, "--environment", "dev", "config", "target-jsonl", "unset", "do_timestamp_file");
        Assert.True(unset.ExitCode == 0, unset.ToString());
        var after = await RunAsync("--cwd", root, "--environment", "dev", "config", "target-jsonl", "list");
        Assert.Contains("do_timestamp_file [env: TARGET_JSONL_DO_TIMESTAMP_FILE] current value: false (from the default)", after.Stdout);
    }

    [Fact]
    public async Task Config_set_without_environment_writes_the_plugin_root_ignoring_default_environment_as_meltano()
    {
        var root = CopyOfDemo();

        var set = await RunAsync("--cwd", root, "config", "target-jsonl", "set", "do_timestamp_file", "true");
        var dev = await RunAsync("--cwd", root, "--environment", "dev", "config", "target-jsonl", "list");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.DoesNotContain("environment", set.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"));
        var loaderEntry = yaml[yaml.IndexOf("- name: target-jsonl", StringComparison.Ordinal)..yaml.IndexOf("schedules:", StringComparison.Ordinal)];
        Assert.Contains("do_timestamp_file: true", loaderEntry);
        Assert.Contains("do_timestamp_file [env: TARGET_JSONL_DO_TIMESTAMP_FILE] current value: true", dev.Stdout);
    }

    [Fact]
    public async Task Config_set_to_meltano_yml_and_dotenv_stores()
    {
        var root = CopyOfDemo();

        var yml = await RunAsync("--cwd", root, "config", "target-jsonl", "set", "destination_path", "elsewhere", "--store", "meltano_yml");
        var dotenv = await RunAsync("--cwd", root, "config", "tap-csv", "set", "add_metadata_columns", "true", "--store", "dotenv");

        Assert.True(yml.ExitCode == 0, yml.ToString());
        Assert.True(dotenv.ExitCode == 0, dotenv.ToString());
        Assert.Contains("destination_path: elsewhere", File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.Equal("TAP_CSV_ADD_METADATA_COLUMNS=true\n", File.ReadAllText(Path.Combine(root, ".env")));
        var json = JsonNode.Parse((await RunAsync("--cwd", root, "config", "tap-csv")).Stdout)!;
        Assert.True((bool)json["add_metadata_columns"]!);
    }

    [Fact]
    public async Task Config_set_of_a_sensitive_setting_goes_to_dotenv_and_is_not_echoed()
    {
        var root = CopyOfDemo();

        var r = await RunAsync("--cwd", root, "config", "meltano", "set", "ui.secret_key", "very-secret");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("was set in `.env`: (redacted)", r.Stdout);
        Assert.DoesNotContain("very-secret", r.Stdout);
        Assert.Equal("MELTANO_UI_SECRET_KEY=very-secret\n", File.ReadAllText(Path.Combine(root, ".env")));
    }

    [Fact]
    public async Task Config_set_of_the_wrong_kind_names_plugin_and_setting_and_writes_nothing()
    {
        var root = CopyOfDemo();
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var r = await RunAsync("--cwd", root, "config", "tap-csv", "set", "add_metadata_columns", "perhaps");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("plugin 'tap-csv', setting 'add_metadata_columns' (boolean): 'perhaps' is not a boolean", r.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public async Task Config_set_to_a_project_file_in_a_read_only_project_is_refused()
    {
        var root = CopyOfDemo();
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var r = await RunAsync(["--cwd", root, "config", "target-jsonl", "set", "destination_path", "x", "--store", "meltano_yml"],
            env: new Dictionary<string, string> { ["MELTANO_PROJECT_READONLY"] = "true" });

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("read-only", r.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public async Task Store_db_writes_to_the_system_database_and_leaves_meltano_yml()
    {
        var root = CopyOfDemo();
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var r = await RunAsync("--cwd", root, "config", "target-jsonl", "set", "destination_path", "x", "--store", "db");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("was set in the system database", r.Stdout);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public async Task Config_reset_clears_the_plugin_config()
    {
        var root = CopyOfDemo();

        var r = await RunAsync("--cwd", root, "config", "target-jsonl", "reset", "--store", "meltano_yml");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Loader 'target-jsonl' settings were reset in `meltano.yml`", r.Stdout);
        // The default (also "output") still applies once the configured value is gone.
        var json = JsonNode.Parse((await RunAsync("--cwd", root, "config", "target-jsonl")).Stdout)!;
        Assert.Equal("output", (string?)json["destination_path"]);
        Assert.Empty(Tapline.Core.Project.ProjectLoader.Load(root).FindPlugin("target-jsonl")!.Config);
    }

    [Fact]
    public async Task Unknown_plugin_is_an_error_listing_the_plugins()
    {
        var r = await RunAsync("--cwd", Path.Combine(RepoRoot(), "demo"), "config", "tap-nope");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("plugin 'tap-nope' is not in", r.Stderr);
        Assert.Contains("(plugins: tap-csv, target-jsonl)", r.Stderr);
    }
}
