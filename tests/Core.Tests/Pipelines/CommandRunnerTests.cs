using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Pipelines;

public sealed class CommandRunnerTests
{
    [Fact]
    public async Task Invoke_passes_the_child_exit_code_through()
    {
        var code = await CommandRunner.RunInheritedAsync(Plugins.Sh("dbt", "exit 7"), TimeSpan.FromSeconds(2));

        Assert.Equal(7, code);
    }

    [Fact]
    public async Task Piped_command_hands_over_stdout_and_stderr_lines()
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var code = await CommandRunner.RunPipedAsync(
            Plugins.Sh("dbt", "echo compiled; echo 'warning: old' >&2; exit 0"),
            stdout.Add,
            stderr.Add,
            TimeSpan.FromSeconds(2));

        Assert.Equal(0, code);
        Assert.Equal(["compiled"], stdout);
        Assert.Equal(["warning: old"], stderr);
    }

    [Fact]
    public async Task Invoke_of_a_missing_executable_names_the_plugin()
    {
        var error = await Assert.ThrowsAsync<PluginStartException>(() =>
            CommandRunner.RunInheritedAsync(PluginProcess.Create("tap-gone", "/nonexistent/tap-gone"), TimeSpan.FromSeconds(2)));

        Assert.Equal("tap-gone", error.Plugin);
    }

    [Fact]
    public async Task Cancelled_invoke_stops_the_child_with_SIGTERM()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var code = await CommandRunner.RunInheritedAsync(Plugins.Sh("tap-x", "exec sleep 600"), TimeSpan.FromSeconds(2), cancel.Token);

        Assert.Equal(143, code);
    }
}
