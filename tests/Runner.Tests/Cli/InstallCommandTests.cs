using System.Diagnostics;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class InstallCommandTests
{
    [Fact]
    public async Task Plugins_with_only_an_executable_are_skipped_and_nothing_is_created()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-exe
                executable: /bin/true
              loaders:
              - name: target-exe
                executable: /bin/cat
            """);

        var all = await RunAsync("--cwd", root, "install");
        var singular = await RunAsync("--cwd", root, "install", "extractor", "tap-exe");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("Skipped installing extractor 'tap-exe': no pip_url", all.Stdout);
        Assert.Contains("Skipped installing loader 'target-exe': no pip_url", all.Stdout);
        Assert.True(singular.ExitCode == 0, singular.ToString());
        Assert.Contains("Installing 1 plugin...", singular.Stdout);
        Assert.DoesNotContain("target-exe", singular.Stdout);
        Assert.False(Directory.Exists(Path.Combine(root, ".meltano")), "install of executable-only plugins created .meltano");
    }

    [Fact]
    public async Task Python_tap_installs_from_its_pip_url_with_variables_expanded_into_its_own_venv()
    {
        var root = TempProject($"""
            version: 1
            plugins:
              extractors:
              - name: tap-tiny
                pip_url: --no-index --no-build-isolation --no-deps $TINY_SOURCE
                python: {CliProjects.FixturePython}
              loaders:
              - name: target-exe
                executable: /bin/cat
            """);
        var source = CliProjects.CopyPythonFixture(root, "tap-tiny");

        var r = await RunAsync(["--cwd", root, "install", "extractors", "tap-tiny"], env: new Dictionary<string, string> { ["TINY_SOURCE"] = source });

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Installing extractor 'tap-tiny'...", r.Stdout);
        Assert.Contains("Installed extractor 'tap-tiny'", r.Stdout);
        Assert.Contains("Installed 1/1 plugins", r.Stdout);
        var venv = Path.Combine(root, ".meltano", "extractors", "tap-tiny", "venv");
        Assert.True(File.Exists(Path.Combine(venv, "bin", "tap-tiny")), r.ToString());
        using var import = Process.Start(new ProcessStartInfo(Path.Combine(venv, "bin", "python"), ["-c", "import tap_tiny"]) { RedirectStandardError = true })!;
        await import.WaitForExitAsync();
        Assert.Equal(0, import.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(root, ".meltano", "loaders")));
    }

    [Fact]
    public async Task Failed_installs_exit_1_naming_every_failed_plugin_with_pips_last_lines()
    {
        var root = TempProject($"""
            version: 1
            plugins:
              extractors:
              - name: tap-missing
                pip_url: --no-index --no-deps ./src/not-there
                python: {CliProjects.FixturePython}
              - name: tap-fine
                executable: /bin/true
              loaders:
              - name: target-missing
                pip_url: --no-index --no-deps ./src/also-not-there
                python: {CliProjects.FixturePython}
            """);

        var r = await RunAsync("--cwd", root, "install");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("error: failed to install 2 plugins: ", r.Stderr);
        Assert.Contains("extractor 'tap-missing'", r.Stderr);
        Assert.Contains("loader 'target-missing'", r.Stderr);
        Assert.Contains("not-there", r.Stderr);
        Assert.Contains("also-not-there", r.Stderr);
        Assert.Contains("ERROR", r.Stderr);
        Assert.Contains("Skipped installing extractor 'tap-fine'", r.Stdout);
        Assert.Contains("Installed 0/2 plugins", r.Stdout);
    }

    [Fact]
    public async Task Unknown_plugin_names_are_refused_before_anything_is_installed()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-exe
                executable: /bin/true
            """);

        var r = await RunAsync("--cwd", root, "install", "extractors", "tap-exe", "tap-nope");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'tap-nope': no such plugin among the extractors", r.Stderr);
        Assert.DoesNotContain("Installing", r.Stdout);
    }
}
