using System.Text.Json.Nodes;
using Tapline.Core.Data.Runs;
using Tapline.Core.Plugins;
using Tapline.Runner.Tests.Cli;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>
/// Real Python Singer plugins (tests/Fixtures/python-plugins) installed into venvs from a local
/// pip_url, as `tapline install` does, then run by `tapline run`.
/// </summary>
public class PythonPluginTests
{
    // Debian's python3: its pip installs setup.py packages without `wheel` (see the fixtures' README).
    private const string PipFlags = "--no-index --no-build-isolation --no-deps";

    [Fact]
    public async Task Python_tap_and_target_installed_from_pip_url_run_with_state()
    {
        var root = Projects.WithYaml($"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-tiny
                pip_url: {PipFlags} ./plugins/tap-tiny
                python: /usr/bin/python3
                capabilities: [catalog, discover, state]
                config:
                  count: 7
              loaders:
              - name: target-tiny
                pip_url: {PipFlags} ./plugins/target-tiny
                python: /usr/bin/python3
                config:
                  output_path: output
            environments:
            - name: dev
            """);
        // A copy, so pip's build files land in the test's folder and not in the repository.
        foreach (var name in new[] { "tap-tiny", "target-tiny" })
        {
            CopyDirectory(Path.Combine(TaplineProcess.RepoRoot(), "tests", "Fixtures", "python-plugins", name), Path.Combine(root, "plugins", name));
        }
        var installed = await new PluginInstaller().InstallAsync(
            [
                new PluginSpec("extractors", "tap-tiny", $"{PipFlags} ./plugins/tap-tiny", Python: "/usr/bin/python3"),
                new PluginSpec("loaders", "target-tiny", $"{PipFlags} ./plugins/target-tiny", Python: "/usr/bin/python3"),
            ],
            new PluginInstallOptions(root), null, CancellationToken.None);
        Assert.All(installed, i => Assert.True(i.Error is null, i.Error?.Message));
        Assert.True(File.Exists(Path.Combine(root, ".meltano", "extractors", "tap-tiny", "venv", "bin", "tap-tiny")));

        var first = await RunAsync(root, "run", "tap-tiny", "target-tiny");
        var second = await RunAsync(root, "run", "tap-tiny", "target-tiny");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(7, Projects.OutputLines(root, "numbers").Length);
        Assert.Equal(7, Projects.OutputLines(root, "words").Length);
        Assert.Equal(49, (int)JsonNode.Parse(Projects.OutputLines(root, "numbers")[6])!["square"]!);
        var runs = await RunsAsync(root);
        Assert.All(runs, r => Assert.Equal(RunStatus.Success, r.Status));
        Assert.Equal([14L, 0L], runs.Select(r => r.Records));
        Assert.Contains("tap-tiny | tap-tiny starting with count=7", await File.ReadAllTextAsync(runs[0].LogPath!));
        var state = await StateAsync(root, "dev:tap-tiny-to-target-tiny");
        Assert.NotNull(state);
        var bookmarks = JsonNode.Parse(state.Completed!)!["singer_state"]!["bookmarks"]!;
        Assert.Equal(7, (int)bookmarks["numbers"]!["replication_key_value"]!);
        Assert.Equal(7, (int)bookmarks["words"]!["replication_key_value"]!);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("build", StringComparison.Ordinal) || relative.Contains(".egg-info", StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }
}
