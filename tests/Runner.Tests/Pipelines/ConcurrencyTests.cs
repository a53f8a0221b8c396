using System.Diagnostics;
using Tapline.Core.Data.Runs;
using static Tapline.Runner.Tests.Pipelines.Processes;
using static Tapline.Runner.Tests.Pipelines.Tapline;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>At most one running run per state id, from the command line too; --force takes over.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Second_run_of_a_running_state_id_is_refused_and_force_takes_over()
    {
        var root = ScriptProject.Create("echo $$ > tap.pid\nexec sleep 600", "cat > /dev/null");
        using var first = Process.Start(StartInfo(root, ["run", "tap-script", "target-script"]))!;
        var firstStderr = first.StandardError.ReadToEndAsync();
        var firstStdout = first.StandardOutput.ReadToEndAsync();
        try
        {
            await Until(() => File.Exists(Path.Combine(root, "tap.pid")) && File.ReadAllText(Path.Combine(root, "tap.pid")).Trim().Length > 0,
                "the first run's tap started", first);
            var firstTap = int.Parse(File.ReadAllText(Path.Combine(root, "tap.pid")).Trim());

            var refused = await RunAsync(root, "run", "tap-script", "target-script");

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("a run of state id 'dev:tap-script-to-target-script' is already running", refused.Stderr);
            Assert.Single(await RunsAsync(root));

            // The forced run times out at once so the test does not wait on its own sleep.
            var forced = await RunAsync(root, "run", "tap-script", "target-script", "--force", "--timeout", "1");

            Assert.Contains("--force: marked 1 running run(s) of 'dev:tap-script-to-target-script' dead", forced.Stderr);
            using var limit = new CancellationTokenSource(ProcessLimit);
            // The superseded tapline hears it lost its claim (its lease) and stops its plugins by itself.
            await first.WaitForExitAsync(limit.Token);
            Assert.True(first.ExitCode == 1, $"exit {first.ExitCode}\n{await firstStderr}");
            await Until(() => !ProcessTable.IsAlive(firstTap), "the superseded run's tap is gone", null);
            var runs = await RunsAsync(root);
            Assert.Equal(2, runs.Count);
            Assert.Equal(RunStatus.Dead, runs[0].Status);
            Assert.Contains("superseded by a --force run", runs[0].Error);
            Assert.Equal(RunStatus.Failed, runs[1].Status);
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }
            await Task.WhenAll(firstStderr, firstStdout);
        }
    }
}
