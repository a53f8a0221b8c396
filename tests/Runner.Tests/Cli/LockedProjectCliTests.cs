using System.Text.Json.Nodes;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>The CLI on a Meltano-shaped project with lock files (tests/Fixtures/meltano-projects/locked).</summary>
public class LockedProjectCliTests
{
    private static string CopyLocked()
    {
        var source = Path.Combine(RepoRoot(), "tests", "Fixtures", "meltano-projects", "locked");
        var target = Path.Combine(Path.GetTempPath(), "tapline-tests", $"locked-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    [Fact]
    public async Task Config_set_of_a_sensitive_lock_setting_goes_to_dotenv_and_every_output_redacts_it()
    {
        var root = CopyLocked();
        var before = File.ReadAllText(Path.Combine(root, "meltano.yml"));

        var set = await RunAsync("--cwd", root, "config", "target-postgres", "set", "password", "pg-secret");
        var json = await RunAsync("--cwd", root, "config", "target-postgres");
        var list = await RunAsync("--cwd", root, "config", "target-postgres", "list");
        var all = await RunAsync("--cwd", root, "config", "list");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("`.env`", set.Stdout);
        Assert.DoesNotContain("pg-secret", set.Stdout + set.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.Contains("TARGET_POSTGRES_PASSWORD=pg-secret", File.ReadAllText(Path.Combine(root, ".env")));
        Assert.Equal("(redacted)", (string?)JsonNode.Parse(json.Stdout)!["password"]);
        Assert.Contains("password [env: TARGET_POSTGRES_PASSWORD] current value: (redacted) (from `.env`)", list.Stdout);
        foreach (var output in new[] { json, list, all })
        {
            Assert.True(output.ExitCode == 0, output.ToString());
            Assert.DoesNotContain("pg-secret", output.Stdout);
        }
    }

    [Fact]
    public async Task Config_list_shows_the_lock_files_settings_with_their_env_vars_and_defaults()
    {
        var root = CopyLocked();

        var r = await RunAsync("--cwd", root, "config", "tap-gitlab", "list");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("api_url [env: TAP_GITLAB_API_URL] current value: \"https://gitlab.com\" (from the default)", r.Stdout);
        Assert.Contains("private_token [env: TAP_GITLAB_PRIVATE_TOKEN]", r.Stdout);
        Assert.Contains("projects [env: TAP_GITLAB_PROJECTS] current value: \"meltano/meltano\" (from `meltano.yml`)", r.Stdout);
    }

    [Fact]
    public async Task Lint_reports_warnings_and_exits_zero()
    {
        var root = CopyLocked();
        File.AppendAllText(Path.Combine(root, "meltano.yml"), "# appended by the test\n");
        var text = File.ReadAllText(Path.Combine(root, "meltano.yml"))
            .Replace("- name: prod\n", "- name: prod\n  config:\n    plugins:\n      loaders:\n      - name: target-gone\n        config: {x: 1}\n");
        File.WriteAllText(Path.Combine(root, "meltano.yml"), text);

        var r = await RunAsync("--cwd", root, "lint");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("environment 'prod' configures loader 'target-gone', which is not a plugin of this project; ignored (warning)", r.Stderr);
        Assert.Contains("is valid", r.Stdout);
    }
}
