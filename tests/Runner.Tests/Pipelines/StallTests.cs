using Tapline.Core.Data.Runs;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary><c>runner.stall_timeout</c> under <c>tapline run</c>: the project-wide watchdog and its exit code.</summary>
public class StallTests
{
    /// <summary>Three records, then nothing on stdout: only log lines on stderr while it sleeps.</summary>
    private const string HangingTap = ScriptProject.ThreeRecords + """

        while true; do echo "waiting for the API" >&2; sleep 1; done
        """;

    [Fact]
    public async Task Run_whose_tap_goes_quiet_for_runner_stall_timeout_ends_stalled_with_exit_code_1()
    {
        var root = ScriptProject.Create(HangingTap, "cat > /dev/null", """
            annotations:
              tapline:
                runner:
                  stall_timeout: 2s
            """);

        var result = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("stalled", result.Stderr);
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Stalled, run.Status);
        Assert.Equal(3, run.Records);
        Assert.Contains("tap-script printed no Singer message for 2 s", run.Error);
    }

    [Fact]
    public async Task Without_a_stall_timeout_a_quiet_tap_is_left_to_finish()
    {
        var root = ScriptProject.Create(ScriptProject.ThreeRecords + "\nsleep 3", "cat > /dev/null");

        var result = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(RunStatus.Success, Assert.Single(await RunsAsync(root)).Status);
    }
}
