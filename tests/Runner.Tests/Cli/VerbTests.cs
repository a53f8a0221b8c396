using System.Text.Json.Nodes;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class VerbTests
{
    [Fact]
    public async Task Init_writes_a_project_with_three_environments_gitignore_and_dotenv()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tapline-cli-tests", $"init-{Guid.NewGuid():N}");

        var r = await RunAsync("init", dir);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(Path.Combine(dir, ".env")));
        var gitignore = File.ReadAllLines(Path.Combine(dir, ".gitignore"));
        Assert.Contains("/.meltano", gitignore);
        Assert.Contains(".env", gitignore);
        var envs = await RunAsync("--cwd", dir, "environment", "list");
        Assert.Equal("dev (active)\nstaging\nprod\n", envs.Stdout);
        Assert.Equal(0, (await RunAsync("--cwd", dir, "lint")).ExitCode);

        var again = await RunAsync("init", dir);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);
    }

    [Fact]
    public async Task Environment_add_and_remove_edit_meltano_yml()
    {
        var root = CopyOfDemo();

        Assert.Equal(0, (await RunAsync("--cwd", root, "environment", "add", "qa")).ExitCode);
        Assert.Contains("qa", (await RunAsync("--cwd", root, "environment", "list")).Stdout);
        Assert.Equal(0, (await RunAsync("--cwd", root, "environment", "remove", "qa")).ExitCode);
        Assert.DoesNotContain("qa", (await RunAsync("--cwd", root, "environment", "list")).Stdout);

        var missing = await RunAsync("--cwd", root, "environment", "remove", "qa");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("environment 'qa' does not exist", missing.Stderr);
    }

    [Fact]
    public async Task Environment_option_selects_the_active_environment()
    {
        var r = await RunAsync("--cwd", Path.Combine(RepoRoot(), "demo"), "environment", "list", "--environment", "prod");

        Assert.Contains("prod (active)", r.Stdout);
    }

    [Fact]
    public async Task Schedule_list_prints_meltanos_text_and_json_with_taplines_extras_under_annotations()
    {
        var demo = Path.Combine(RepoRoot(), "demo");

        var text = await RunAsync("--cwd", demo, "schedule", "list");
        var json = await RunAsync("--cwd", demo, "schedule", "list", "--format", "json");

        Assert.Matches(@"^\[@daily\] elt daily-csv: tap-csv → target-jsonl x transforms\n    next run \d{4}-\d\d-\d\dT00:00:00Z \(every day at 00:00 UTC\)\n"
            + @"\[\*/5 \* \* \* \*\] elt csv-every-5-min: tap-csv → target-jsonl x transforms\n    next run \d{4}-\d\d-\d\dT\d\d:\d[05]:00Z \(every 5 minutes\)\n$", text.Stdout);
        var schedules = JsonNode.Parse(json.Stdout)!["schedules"]!;
        Assert.Empty(schedules["job"]!.AsArray());
        var elt = schedules["elt"]![0]!;
        Assert.Equal("daily-csv", (string?)elt["name"]);
        Assert.Equal("0 0 * * *", (string?)elt["cron_interval"]);
        Assert.Equal("tap-csv", (string?)elt["extractor"]);
        Assert.Equal(["tap-csv", "target-jsonl", "--transform=skip", "--state-id=daily-csv"], elt["elt_args"]!.AsArray().Select(a => (string)a!));
        Assert.Null(elt["last_successful_run_ended_at"]);
        Assert.True((bool)elt["annotations"]!["tapline"]!["enabled"]!);
        Assert.Null(elt["next_run"]);
    }

    [Fact]
    public async Task Job_list_prints_text_and_json()
    {
        var demo = Path.Combine(RepoRoot(), "demo");

        var text = await RunAsync("--cwd", demo, "job", "list");
        var json = await RunAsync("--cwd", demo, "job", "list", "--format", "json");

        Assert.Equal("csv-to-jsonl: ['tap-csv target-jsonl']\n", text.Stdout);
        Assert.Equal("tap-csv target-jsonl", (string?)JsonNode.Parse(json.Stdout)!["jobs"]![0]!["tasks"]![0]);
    }

    [Fact]
    public async Task Lint_reports_every_problem_and_exits_1()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-a
                settings:
                - {name: port, kind: integer}
                config:
                  port: eighty
            schedules:
            - name: s
              interval: '@daily'
              extractor: tap-a
              loader: target-missing
            jobs:
            - name: j
              tasks: [tap-a target-missing]
            """);

        var r = await RunAsync("--cwd", root, "lint");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("schedule 's': loader 'target-missing' is not a loader of this project", r.Stderr);
        Assert.Contains("job 'j': 'target-missing' names no plugin or mapping of this project", r.Stderr);
        Assert.Contains("2 problem(s) found", r.Stderr);
    }

    [Fact]
    public async Task Lint_checks_setting_kinds_once_the_file_is_valid()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-a
                settings:
                - {name: port, kind: integer}
                config:
                  port: eighty
            """);

        var r = await RunAsync("--cwd", root, "lint");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("plugin 'tap-a', setting 'port' (integer): 'eighty' is not an integer (from meltano.yml)", r.Stderr);
    }

    [Theory]
    [InlineData("no-such-verb")]
    [InlineData("config")]
    [InlineData("environment")]
    [InlineData("--log-level", "loud", "lint")]
    [InlineData("config", "tap-csv", "list", "--store", "sideways")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var r = await RunAsync(["--cwd", Path.Combine(RepoRoot(), "demo"), .. args]);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("tapline --help", r.Stderr);
    }

    [Fact]
    public async Task Project_is_found_through_meltano_project_root()
    {
        var r = await RunAsync(["schedule", "list"], env: new Dictionary<string, string> { ["MELTANO_PROJECT_ROOT"] = Path.Combine(RepoRoot(), "demo") });

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("daily-csv", r.Stdout);
    }
}
