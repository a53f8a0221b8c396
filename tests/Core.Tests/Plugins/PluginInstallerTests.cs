using System.Diagnostics;
using Tapline.Core.Plugins;

namespace Tapline.Core.Tests.Plugins;

public class PluginInstallerTests
{
    private const string OfflinePip = "--no-index --no-build-isolation --no-deps";

    [Fact]
    public async Task Python_plugin_is_installed_into_its_own_venv_reused_and_recreated_with_clean()
    {
        using var project = new TempProject();
        var tap = new PluginSpec("extractors", "tap-tiny", $"{OfflinePip} {project.CopyFixture("tap-tiny")}", Python: TempProject.FixturePython);
        var installer = new PluginInstaller();

        var stage = await installer.InstallOneAsync(tap, new PluginInstallOptions(project.Root), null, CancellationToken.None);

        Assert.Equal(PluginInstallStage.Succeeded, stage);
        var venv = Path.Combine(project.Root, ".meltano", "extractors", "tap-tiny", "venv");
        var exe = ExecutableResolver.Resolve(project.Root, tap, "", "/nonexistent");
        Assert.Equal(Path.Combine(venv, "bin", "tap-tiny"), exe);
        var about = await RunAsync(exe, "--about");
        Assert.Contains("\"discover\"", about);

        var marker = Path.Combine(venv, "marker");
        File.WriteAllText(marker, "kept unless --clean");
        await installer.InstallOneAsync(tap, new PluginInstallOptions(project.Root), null, CancellationToken.None);
        Assert.True(File.Exists(marker));

        await installer.InstallOneAsync(tap, new PluginInstallOptions(project.Root, Clean: true), null, CancellationToken.None);
        Assert.False(File.Exists(marker));
        Assert.True(File.Exists(exe));
    }

    [Fact]
    public async Task Plugins_install_in_parallel_with_progress_and_executable_only_plugins_are_skipped()
    {
        using var project = new TempProject();
        var plugins = new[]
        {
            new PluginSpec("extractors", "tap-tiny", $"{OfflinePip} {project.CopyFixture("tap-tiny")}", Python: TempProject.FixturePython),
            new PluginSpec("loaders", "target-tiny", $"{OfflinePip} {project.CopyFixture("target-tiny")}", Python: TempProject.FixturePython),
            new PluginSpec("loaders", "target-jsonl", Executable: "target-jsonl"),
        };
        var progress = new RecordingProgress();

        var results = await new PluginInstaller().InstallAsync(plugins, new PluginInstallOptions(project.Root, Parallelism: 2), progress, CancellationToken.None);

        Assert.Equal([PluginInstallStage.Succeeded, PluginInstallStage.Succeeded, PluginInstallStage.Skipped], results.Select(r => r.Outcome));
        Assert.Equal([PluginInstallStage.Started, PluginInstallStage.CreatingVenv, PluginInstallStage.Installing, PluginInstallStage.Succeeded], progress.StagesOf("target-tiny"));
        Assert.Equal([PluginInstallStage.Skipped], progress.StagesOf("target-jsonl"));
        Assert.True(File.Exists(Path.Combine(project.Root, ".meltano", "loaders", "target-tiny", "venv", "bin", "target-tiny")));
        Assert.False(Directory.Exists(Path.Combine(project.Root, ".meltano", "loaders", "target-jsonl")));
    }

    [Fact]
    public async Task Failed_pip_names_the_plugin_the_command_and_pips_last_lines()
    {
        using var project = new TempProject();
        var tap = new PluginSpec("extractors", "tap-broken", $"{OfflinePip} ./src/does-not-exist", Python: TempProject.FixturePython);
        var progress = new RecordingProgress();

        var results = await new PluginInstaller().InstallAsync([tap], new PluginInstallOptions(project.Root), progress, CancellationToken.None);

        var error = Assert.Single(results).Error;
        Assert.NotNull(error);
        Assert.Contains("extractor 'tap-broken'", error.Message);
        Assert.Contains("-m pip install --no-index --no-build-isolation --no-deps ./src/does-not-exist", error.Message);
        Assert.Contains("does-not-exist", error.Message.Split('\n', 2)[1]);
        Assert.Equal(PluginInstallStage.Failed, progress.StagesOf("tap-broken").Last());
        Assert.False(File.Exists(Path.Combine(project.Root, ".meltano", "extractors", "tap-broken", "venv", PluginInstaller.FingerprintFile)));
    }

    [Fact]
    public async Task Failed_pip_never_shows_the_credentials_of_its_pip_url()
    {
        using var project = new TempProject();
        var tap = new PluginSpec("extractors", "tap-private", $"{OfflinePip} git+https://deploy:s3cr3t-token@git.invalid/org/tap.git", Python: TempProject.FixturePython);
        var progress = new RecordingProgress();

        var results = await new PluginInstaller().InstallAsync([tap], new PluginInstallOptions(project.Root), progress, CancellationToken.None);

        var error = Assert.Single(results).Error;
        Assert.NotNull(error);
        Assert.Contains("https://***@git.invalid/org/tap.git", error.Message);
        Assert.DoesNotContain("s3cr3t-token", error.Message);
        Assert.DoesNotContain(progress.Reports, r => r.Message?.Contains("s3cr3t-token", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Missing_python_is_a_clear_error()
    {
        using var project = new TempProject();
        var tap = new PluginSpec("extractors", "tap-x", "tap-x", Python: "python3-that-does-not-exist");

        var e = await Assert.ThrowsAsync<PluginInstallException>(() =>
            new PluginInstaller().InstallOneAsync(tap, new PluginInstallOptions(project.Root), null, CancellationToken.None));

        Assert.Contains("extractor 'tap-x'", e.Message);
        Assert.Contains("'python3-that-does-not-exist' was not found", e.Message);
        Assert.Contains("venv", e.Message);
    }

    [Fact]
    public async Task Unbalanced_quote_in_pip_url_fails_before_touching_the_disk()
    {
        using var project = new TempProject();
        var tap = new PluginSpec("extractors", "tap-x", "'tap-x");

        var e = await Assert.ThrowsAsync<PluginInstallException>(() =>
            new PluginInstaller().InstallOneAsync(tap, new PluginInstallOptions(project.Root), null, CancellationToken.None));

        Assert.Contains("no closing quotation", e.Message);
        Assert.False(Directory.Exists(Path.Combine(project.Root, ".meltano")));
    }

    internal static async Task<string> RunAsync(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{exe} exited {p.ExitCode}: {await p.StandardError.ReadToEndAsync()}");
        return output;
    }
}
