using System.Text.Json.Nodes;
using Tapline.Runner.Tests.Pipelines;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>The verbs and flags Meltano users type (issue #11), each run as a real `tapline` process.</summary>
public class MeltanoVerbTests
{
    /// <summary>A utility running /bin/sh, with test commands and an environment that sets a variable.</summary>
    private const string ShellProject = """
        version: 1
        default_environment: dev
        plugins:
          utilities:
          - name: shell
            namespace: shell
            executable: sh
            commands:
              test-ok:
                args: -c "exit 0"
                description: Always passes
              test-bad:
                args: -c "exit 3"
                description: Always fails
              hello: -c "echo hello"
          extractors:
          - name: tap-missing
            namespace: tap_missing
            pip_url: tap-missing==1.0
            executable: tap-missing-not-installed
        environments:
        - name: dev
          env:
            FROM_ENVIRONMENT: dev-value
        """;

    /// <summary>The CLI with the first-party plugins where `dotnet build Runner` bundled them.</summary>
    private static Task<Result> Run(params string[] args) =>
        RunAsync(args, env: new Dictionary<string, string> { ["TAPLINE_PLUGINS_DIR"] = Pipelines.Tapline.BundledPluginsDir() });

    [Fact]
    public async Task Invoke_hands_every_token_after_the_plugin_to_the_plugin()
    {
        var root = TempProject(ShellProject);

        var r = await Run("--cwd", root, "invoke", "shell", "-c", "printf '%s|' \"$@\"", "arg0", "--help", "--environment", "nope", "--log-level", "x");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("--help|--environment|nope|--log-level|x|", r.Stdout);
    }

    [Fact]
    public async Task Invoke_passes_the_plugins_exit_code_through()
    {
        var root = TempProject(ShellProject);

        var r = await Run("--cwd", root, "invoke", "shell", "-c", "exit 7");

        Assert.Equal(7, r.ExitCode);
    }

    [Fact]
    public async Task Invoke_of_a_plugin_that_is_not_installed_prints_one_line_and_the_trace_only_at_debug()
    {
        var root = TempProject(ShellProject);

        var r = await Run("--cwd", root, "invoke", "tap-missing");
        var debug = await Run("--cwd", root, "--log-level", "debug", "invoke", "tap-missing");

        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: Executable 'tap-missing-not-installed' of extractor 'tap-missing' was not found", line);
        Assert.Contains("tapline install", line);
        Assert.Equal(1, debug.ExitCode);
        Assert.Contains("PluginExecutableNotFoundException", debug.Stderr);
        Assert.Contains("   at ", debug.Stderr);
    }

    [Fact]
    public async Task Invoke_lists_commands_prints_vars_and_picks_the_plugin_type()
    {
        var root = TempProject(ShellProject);

        var list = await Run("--cwd", root, "invoke", "--list-commands", "--plugin-type", "utility", "shell");
        var vars = await Run("--cwd", root, "invoke", "--print-var", "FROM_ENVIRONMENT", "--print-var", "UNSET_VARIABLE", "shell:hello");
        var wrongType = await Run("--cwd", root, "invoke", "--plugin-type", "extractor", "shell");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("shell:test-ok   Always passes\nshell:test-bad  Always fails\nshell:hello     \n", list.Stdout);
        Assert.True(vars.ExitCode == 0, vars.ToString());
        Assert.Equal("FROM_ENVIRONMENT=dev-value\nUNSET_VARIABLE=None\nhello\n", vars.Stdout);
        Assert.Equal(1, wrongType.ExitCode);
        Assert.Contains("plugin 'shell' is not in", wrongType.Stderr);
    }

    [Fact]
    public async Task No_environment_option_ignores_default_environment()
    {
        var root = TempProject(ShellProject);

        var r = await Run("--cwd", root, "--no-environment", "invoke", "--print-var", "FROM_ENVIRONMENT", "shell:hello");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("FROM_ENVIRONMENT=None\n", r.Stdout);
    }

    [Fact]
    public async Task Run_needs_an_environment_as_meltanos_does()
    {
        var root = Projects.Demo();

        var r = await Run("--cwd", root, "--no-environment", "run", "tap-csv", "target-jsonl");

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: A Meltano environment must be specified", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(root, "output")));
    }

    [Fact]
    public async Task Invoke_dump_config_prints_the_prepared_config_without_running_the_tap()
    {
        var root = Projects.Demo();

        var r = await Run("--cwd", root, "invoke", "--dump", "config", "tap-csv");
        var catalog = await Run("--cwd", root, "invoke", "--dump", "catalog", "tap-csv");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("data/customers.csv", (string?)JsonNode.Parse(r.Stdout)!["files"]![0]!["path"]);
        Assert.True(catalog.ExitCode == 0, catalog.ToString());
        Assert.Equal(["customers", "orders"], JsonNode.Parse(catalog.Stdout)!["streams"]!.AsArray().Select(s => (string)s!["tap_stream_id"]!).Order());
        Assert.False(Directory.Exists(Path.Combine(root, "output")));
    }

    [Fact]
    public async Task El_extracts_and_loads_and_has_no_transform_option()
    {
        var root = Projects.Demo();

        var r = await Run("--cwd", root, "el", "tap-csv", "target-jsonl");
        var transform = await Run("--cwd", root, "el", "tap-csv", "target-jsonl", "--transform", "run");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.NotEmpty(Projects.OutputLines(root, "customers"));
        Assert.Equal(2, transform.ExitCode);
    }

    [Fact]
    public async Task Schedule_list_json_reads_the_last_successful_run_from_the_runs_table()
    {
        var root = Projects.Demo();
        Assert.Equal(0, (await Run("--cwd", root, "elt", "tap-csv", "target-jsonl", "--state-id", "daily-csv")).ExitCode);

        var r = await Run("--cwd", root, "schedule", "list", "--format", "json");

        Assert.True(r.ExitCode == 0, r.ToString());
        var elt = JsonNode.Parse(r.Stdout)!["schedules"]!["elt"]![0]!;
        var ended = DateTime.Parse((string)elt["last_successful_run_ended_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ended > DateTime.UtcNow.AddHours(-1) && ended <= DateTime.UtcNow.AddMinutes(1), $"ended {ended:o}");
    }

    [Fact]
    public async Task State_clear_all_clears_every_state_id_and_needs_an_id_or_all()
    {
        var root = TempProject(ShellProject);
        foreach (var id in new[] { "dev:tap-a-to-target-b", "dev:tap-c-to-target-d" })
        {
            var set = await Run("--cwd", root, "state", "set", "--force", id, """{"singer_state": {"bookmarks": {}}}""");
            Assert.True(set.ExitCode == 0, set.ToString());
        }

        var neither = await Run("--cwd", root, "state", "clear", "--force");
        var both = await Run("--cwd", root, "state", "clear", "--force", "--all", "dev:tap-a-to-target-b");
        var all = await Run("--cwd", root, "state", "clear", "--force", "--all");
        var list = await Run("--cwd", root, "state", "list");

        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("A state ID or the --all flag must be provided, but not both", neither.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("2 state(s) were successfully cleared", all.Stderr);
        Assert.Equal("", list.Stdout.Trim());
    }

    [Fact]
    public async Task Job_add_set_and_remove_edit_meltano_yml_and_refuse_what_meltano_refuses()
    {
        var root = CopyOfDemo();

        var add = await Run("--cwd", root, "job", "add", "nightly", "--tasks", "[tap-csv target-jsonl, [tap-csv target-jsonl]]");
        var again = await Run("--cwd", root, "job", "add", "nightly", "--tasks", "tap-csv target-jsonl");
        var invalid = await Run("--cwd", root, "job", "add", "broken", "--tasks", "tap-csv target-nowhere");
        var set = await Run("--cwd", root, "job", "set", "nightly", "--tasks", "tap-csv target-jsonl");
        var one = await Run("--cwd", root, "job", "list", "nightly", "--format", "json");
        var remove = await Run("--cwd", root, "job", "remove", "nightly");
        var removeAgain = await Run("--cwd", root, "job", "remove", "nightly");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal("Added job nightly: ['tap-csv target-jsonl', ['tap-csv target-jsonl']]\n", add.Stdout);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Stderr);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("Job 'broken' has invalid tasks", invalid.Stderr);
        Assert.Equal("Updated job nightly: ['tap-csv target-jsonl']\n", set.Stdout);
        Assert.Equal("""{"job_name":"nightly","tasks":["tap-csv target-jsonl"]}""", JsonNode.Parse(one.Stdout)!.ToJsonString());
        Assert.Equal("Removed job 'nightly'.\n", remove.Stdout);
        Assert.Equal(1, removeAgain.ExitCode);
        Assert.DoesNotContain("nightly", await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml")));
    }

    [Fact]
    public async Task Compile_writes_a_manifest_without_environment_and_one_per_environment_config_as_written_secrets_redacted()
    {
        var root = TempProject(ShellProject.Replace("""
              - name: shell
                namespace: shell
            """, """
              - name: shell
                namespace: shell
                settings:
                - name: password
                  kind: password
                - name: url
                config:
                  password: hunter2-secret
                  url: $API_URL
            """));

        var r = await Run("--cwd", root, "compile");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("Compiling Meltano manifest for environments: no environment, dev\n", r.Stdout);
        var manifests = Path.Combine(root, ".meltano", "manifests");
        Assert.Equal(["meltano-manifest.dev.json", "meltano-manifest.json"], Directory.GetFiles(manifests).Select(Path.GetFileName).Order());
        var dev = await File.ReadAllTextAsync(Path.Combine(manifests, "meltano-manifest.dev.json"));
        Assert.DoesNotContain("hunter2-secret", dev);
        var manifest = JsonNode.Parse(dev)!.AsObject();
        Assert.Equal(manifest.Select(kv => kv.Key).Order(StringComparer.Ordinal), manifest.Select(kv => kv.Key));
        Assert.Equal("dev-value", (string?)manifest["env"]!["FROM_ENVIRONMENT"]);
        Assert.Equal("sh", (string?)manifest["plugins"]!["utilities"]![0]!["executable"]);
        Assert.Equal("$API_URL", (string?)manifest["plugins"]!["utilities"]![0]!["config"]!["url"]);
        Assert.Equal("(redacted)", (string?)manifest["plugins"]!["utilities"]![0]!["config"]!["password"]);
        var plain = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(manifests, "meltano-manifest.json")))!;
        Assert.Null(plain["env"]!["FROM_ENVIRONMENT"]);
    }

    [Fact]
    public async Task Select_edits_the_plugin_root_despite_default_environment_and_lists_the_catalog()
    {
        var root = Projects.Demo();

        var exclude = await Run("--cwd", root, "select", "tap-csv", "customers", "email", "--exclude");
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"));
        var select = ((List<object?>)PluginEntry(root, "tap-csv")["select"]!).Cast<string>().ToList();
        var list = await Run("--cwd", root, "select", "tap-csv", "--list");
        var listAll = await Run("--cwd", root, "select", "tap-csv", "--json", "--all");
        var rm = await Run("--cwd", root, "select", "tap-csv", "customers", "email", "--exclude", "--rm");
        var rmAgain = await Run("--cwd", root, "select", "tap-csv", "customers", "email", "--exclude", "--rm");

        Assert.True(exclude.ExitCode == 0, exclude.ToString());
        Assert.Equal(["customers.*", "orders.*", "!customers.email"], select);
        Assert.DoesNotContain("!customers.email", yaml[yaml.IndexOf("environments:", StringComparison.Ordinal)..]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("Enabled patterns:\n\tcustomers.*\n\torders.*\n\t!customers.email\n", list.Stdout);
        Assert.Contains("\t[selected   ] customers.name\n", list.Stdout);
        Assert.Contains("\t[automatic  ] customers.id\n", list.Stdout);
        Assert.DoesNotContain("customers.email", list.Stdout.Split("Selected properties:")[1]);
        var email = JsonNode.Parse(listAll.Stdout)!["streams"]!.AsArray().Single(s => (string?)s!["property"] == "email" && (string?)s["stream"] == "customers")!;
        Assert.Equal("excluded", (string?)email["selection"]);
        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.DoesNotContain("customers.email", await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml")));
        Assert.Equal(1, rmAgain.ExitCode);
    }

    [Fact]
    public async Task Test_runs_plugins_test_commands_and_exits_1_when_one_fails()
    {
        var root = TempProject(ShellProject);

        var all = await Run("--cwd", root, "test", "--all");
        var one = await Run("--cwd", root, "test", "shell:test-ok");
        var unknown = await Run("--cwd", root, "test", "shell:hello");

        Assert.Equal(1, all.ExitCode);
        Assert.Contains("shell:test-ok" + new string('.', 60 - "shell:test-ok".Length) + " success\n", all.Stdout);
        Assert.Contains("shell:test-bad" + new string('.', 60 - "shell:test-bad".Length) + " failure\n", all.Stdout);
        Assert.Contains("Testing completed with failures. 1 test(s) successful. 1 test(s) failed.", all.Stdout);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("Testing completed successfully. 1 test(s) successful. 0 test(s) failed.", one.Stdout);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("utility 'shell' has no test 'hello'", unknown.Stderr);
    }

    [Fact]
    public async Task Config_test_is_valid_once_the_extractor_emits_a_record()
    {
        var root = Projects.Demo();
        var broken = Projects.Demo();
        File.Delete(Path.Combine(broken, "data", "orders.csv"));

        var ok = await Run("--cwd", root, "config", "tap-csv", "test");
        var bad = await Run("--cwd", broken, "config", "tap-csv", "test");
        var loader = await Run("--cwd", root, "config", "target-jsonl", "test");

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("Plugin configuration is valid\n", ok.Stdout);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("orders.csv", bad.Stderr);
        Assert.Equal(1, loader.ExitCode);
        Assert.Contains("loader 'target-jsonl'", loader.Stderr);
    }

    [Fact]
    public async Task Dotnet_run_resolves_cwd_from_the_callers_directory()
    {
        // The README's form, from the repository root, on the build the tests already have.
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot(),
        };
        foreach (var a in new[] { "run", "--project", "Runner", "-c", "Release", "--no-build", "--", "--cwd", "demo", "schedule", "list" })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, stderr);
        Assert.StartsWith("[@daily] elt daily-csv: tap-csv → target-jsonl x transforms\n", await stdout);
    }
}
