using System.Diagnostics;
using System.Text.Json.Nodes;
using Tapline.Core.Data.Runs;
using static Tapline.Runner.Tests.Pipelines.Processes;
using static Tapline.Runner.Tests.Pipelines.Tapline;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>Meltano's failure semantics, seen from the command line: exit codes, the run row, the message.</summary>
public class FailureTests
{
    [Fact]
    public async Task Target_that_exits_1_fails_the_run_with_Loader_failed()
    {
        var root = ScriptProject.Create(
            ScriptProject.ThreeRecords,
            "read first; echo 'target cannot write' >&2; exit 1");

        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("Loader failed", run.Error);
        Assert.Contains("target-script", run.Error);
        Assert.Equal(1, (int)JsonNode.Parse(run.ExitCodes!)!["target-script"]!);
        Assert.Contains("Loader failed", r.Stderr);
        var log = await File.ReadAllTextAsync(run.LogPath!);
        Assert.Contains("target-script | target cannot write", log);
        Assert.Null(await StateAsync(root, ScriptProject.StateId));
    }

    [Fact]
    public async Task Target_that_exits_while_the_tap_still_writes_ends_the_tap_and_the_run()
    {
        // The tap would write forever: only the engine stopping it lets the run end.
        var root = ScriptProject.Create(
            """
            echo '{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
            while true; do echo '{"type":"RECORD","stream":"s","record":{"id":1}}'; done
            """,
            "read first; exit 1");

        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("Loader failed", run.Error);
    }

    [Fact]
    public async Task Tap_hanging_silently_after_the_target_exited_is_stopped_and_the_run_fails()
    {
        // The tap neither writes nor reads: only being terminated ends it.
        var root = ScriptProject.Create(
            ScriptProject.ThreeRecords + "\necho $$ > tap.pid\nexec sleep 600",
            "read first; exit 1");

        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("Loader failed", run.Error);
        var tapPid = int.Parse((await File.ReadAllTextAsync(Path.Combine(root, "tap.pid"))).Trim());
        await Until(() => !ProcessTable.IsAlive(tapPid), "the hanging tap is gone", null);
    }

    [Fact]
    public async Task Tap_that_fails_fails_the_run_with_Extractor_failed_and_keeps_its_stderr_in_the_log()
    {
        var root = ScriptProject.Create(
            ScriptProject.ThreeRecords + "\necho 'tap lost its connection' >&2\nexit 2",
            "cat > /dev/null");

        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.StartsWith("Extractor failed", run.Error);
        Assert.Contains("tap-script", run.Error);
        Assert.Equal(2, (int)JsonNode.Parse(run.ExitCodes!)!["tap-script"]!);
        Assert.Contains("tap-script | tap lost its connection", await File.ReadAllTextAsync(run.LogPath!));
    }

    [Fact]
    public async Task Run_past_its_timeout_is_stopped_and_fails_saying_so()
    {
        var root = ScriptProject.Create("echo $$ > tap.pid\nexec sleep 600", "cat > /dev/null");

        var r = await RunAsync(root, "run", "tap-script", "target-script", "--timeout", "2");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("timed out after 2 s", run.Error);
        var tapPid = int.Parse((await File.ReadAllTextAsync(Path.Combine(root, "tap.pid"))).Trim());
        await Until(() => !ProcessTable.IsAlive(tapPid), "the timed-out tap is gone", null);
    }

    [Fact]
    public async Task Failing_command_step_fails_the_run_with_its_exit_code()
    {
        var root = ScriptProject.Create(ScriptProject.ThreeRecords, "cat > /dev/null", """
              utilities:
              - name: shell
                executable: sh
                commands:
                  fail:
                    args: -c "echo failing >&2; exit 3"
            """);

        var r = await RunAsync(root, "run", "tap-script", "target-script", "shell:fail");

        Assert.True(r.ExitCode == 1, r.ToString());
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("Command shell:fail failed with exit code 3", run.Error);
        Assert.Equal("tap-script target-script shell:fail", run.Block);
        Assert.Equal(3, (int)JsonNode.Parse(run.ExitCodes!)!["shell"]!);
        Assert.Equal(3, run.Records);
        Assert.Contains("shell | failing", await File.ReadAllTextAsync(run.LogPath!));
    }

    [Fact]
    public async Task Missing_executable_exits_1_naming_the_plugin_and_where_it_looked()
    {
        var root = ScriptProject.Create(ScriptProject.ThreeRecords, "cat > /dev/null");
        File.Delete(Path.Combine(root, "tap.sh"));

        var r = await RunAsync(root, "run", "tap-script", "target-script");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("extractor 'tap-script'", r.Stderr);
        Assert.Contains("not found", r.Stderr);
        Assert.Contains(Path.Combine(root, "tap.sh"), r.Stderr);
        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("tap-script", run.Error);
    }

    [Fact]
    public async Task Unknown_block_name_exits_1_naming_it()
    {
        var root = Projects.Demo();

        var r = await RunAsync(root, "run", "tap-csv", "target-nowhere");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("'target-nowhere'", r.Stderr);
        Assert.False(File.Exists(Path.Combine(root, ".meltano", "meltano.db")), "nothing runs, so no run row is written");
    }

    [Fact]
    public async Task Sigterm_stops_the_plugins_marks_the_run_cancelled_and_exits_143()
    {
        // The tap starts a grandchild and waits: both must be gone when tapline has exited.
        var root = ScriptProject.Create(
            "echo $$ > tap.pid\nsleep 600 &\necho $! > sleep.pid\nwait",
            "cat > /dev/null");
        using var tapline = Process.Start(StartInfo(root, ["run", "tap-script", "target-script"]))!;
        var stderr = tapline.StandardError.ReadToEndAsync();
        var stdout = tapline.StandardOutput.ReadToEndAsync();
        try
        {
            await Until(() => File.Exists(Path.Combine(root, "sleep.pid")) && File.ReadAllText(Path.Combine(root, "sleep.pid")).Trim().Length > 0,
                "the tap started its sleep", tapline);
            var pids = new[] { "tap.pid", "sleep.pid" }.Select(f => int.Parse(File.ReadAllText(Path.Combine(root, f)).Trim())).ToList();
            Assert.All(pids, pid => Assert.True(ProcessTable.IsAlive(pid)));

            using (var kill = Process.Start("kill", ["-TERM", tapline.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }
            using var limit = new CancellationTokenSource(ProcessLimit);
            await tapline.WaitForExitAsync(limit.Token);

            Assert.True(tapline.ExitCode == 143, $"exit {tapline.ExitCode}\n{await stderr}");
            var run = Assert.Single(await RunsAsync(root));
            Assert.Equal(RunStatus.Cancelled, run.Status);
            Assert.NotNull(run.EndedAt);
            // A killed child may still be reaped by init a moment after tapline exits; wait for that, bounded.
            await Until(() => pids.All(pid => !ProcessTable.IsAlive(pid)), "the tap and its sleep are gone", null);
        }
        finally
        {
            if (!tapline.HasExited)
            {
                tapline.Kill(entireProcessTree: true);
            }
            await Task.WhenAll(stderr, stdout);
        }
    }
}
