using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Pipelines;

public sealed class BlockRunnerFailureTests
{
    private const string Record = """{"type":"RECORD","stream":"s","record":{"id":1}}""";

    [Fact]
    public async Task Loader_that_exits_first_fails_the_run_and_the_extractor_is_terminated()
    {
        using var dir = new TempDir();
        var tapPid = dir.File("tap.pid");
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-endless", $"echo $$ > {Plugins.Quote(tapPid)}; exec yes '{Record}'"),
            [],
            Plugins.Sh("target-picky", "head -n 5 > /dev/null; exit 3"),
            new BlockOptions { TerminationGracePeriod = TimeSpan.FromSeconds(2) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.StartsWith("Loader failed: target-picky exited with code 3", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, result.ExitCodes["target-picky"]);
        Assert.NotEqual(0, result.ExitCodes["tap-endless"]);
        AssertGone(tapPid);
    }

    [Fact]
    public async Task Extractor_hanging_after_the_loader_exited_is_killed_after_the_grace_period()
    {
        using var dir = new TempDir();
        var tapPid = dir.File("tap.pid");
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            // Ignores SIGTERM, and so does its sleeping child: only SIGKILL ends them.
            Plugins.Sh("tap-stuck", $"trap '' TERM; echo '{Record}'; sleep 600 & echo $! > {Plugins.Quote(tapPid)}; wait"),
            [],
            Plugins.Sh("target-quitter", "exit 2"),
            new BlockOptions { TerminationGracePeriod = TimeSpan.FromSeconds(1) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.StartsWith("Loader failed: target-quitter exited with code 2", result.Error, StringComparison.Ordinal);
        AssertGone(tapPid);
    }

    [Fact]
    public async Task Extractor_failure_drains_its_output_closes_loader_input_and_fails_the_run()
    {
        using var dir = new TempDir();
        var output = dir.File("received");
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-broken", $"echo '{Record}'; echo '{Record}'; echo 'boom' >&2; exit 4"),
            [],
            Plugins.Sh("target-file", $"cat > {Plugins.Quote(output)}"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Equal("Extractor failed: tap-broken exited with code 4", result.Error);
        Assert.Equal(4, result.ExitCodes["tap-broken"]);
        Assert.Equal(0, result.ExitCodes["target-file"]);
        Assert.Equal(2, (await File.ReadAllLinesAsync(output)).Length);
        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task Mapper_that_fails_fails_the_run_as_a_mapper()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", $"echo '{Record}'"),
            [Plugins.Sh("mapper-broken", "cat > /dev/null; exit 5")],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Equal("Mapper failed: mapper-broken exited with code 5", result.Error);
        Assert.Equal(0, result.ExitCodes["target-x"]);
    }

    [Fact]
    public async Task Mapper_that_quits_before_its_input_ended_fails_the_run_and_the_extractor_is_terminated()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-endless", $"exec yes '{Record}'"),
            [Plugins.Sh("mapper-head", "head -n 3")],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { TerminationGracePeriod = TimeSpan.FromSeconds(2) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.StartsWith("Mapper failed: mapper-head exited with code 0 before its input ended", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCodes["target-x"]);
        Assert.Equal(3, result.Records);
    }

    [Fact]
    public async Task Line_longer_than_the_buffer_size_fails_naming_plugin_and_size()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            PluginProcess.Create("tap-wide", "python3", "-c", "import sys; sys.stdout.write('{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{\"x\":\"' + 'a' * 300000 + '\"}}\\n')"),
            [],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { BufferSize = 65536, TerminationGracePeriod = TimeSpan.FromSeconds(2) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.StartsWith("Extractor failed: tap-wide printed a line longer than elt.buffer_size (65536 bytes): line 1 is at least", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_executable_fails_with_an_error_naming_plugin_and_executable()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "sleep 600"),
            [],
            PluginProcess.Create("target-missing", "/nonexistent/bin/target-missing"),
            new BlockOptions { TerminationGracePeriod = TimeSpan.FromSeconds(2) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Contains("Loader failed: Executable '/nonexistent/bin/target-missing' of plugin 'target-missing' could not be started", result.Error, StringComparison.Ordinal);
        Assert.Null(result.ExitCodes["target-missing"]);
        Assert.NotNull(result.ExitCodes["tap-x"]);
    }

    [Fact]
    public async Task Missing_working_directory_fails_with_an_error_naming_plugin_and_directory()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "true") with { WorkingDirectory = "/nonexistent/project" },
            [],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Equal("Extractor failed: Plugin 'tap-x' could not be started: its working directory '/nonexistent/project' does not exist.", result.Error);
    }

    [Fact]
    public async Task Cancellation_stops_every_plugin_within_five_seconds_and_marks_the_run_cancelled()
    {
        using var dir = new TempDir();
        var tapPid = dir.File("tap.pid");
        var targetPid = dir.File("target.pid");
        using var cancel = new CancellationTokenSource();
        var run = new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-slow", $"sleep 600 & echo $! > {Plugins.Quote(tapPid)}; wait"),
            [],
            Plugins.Sh("target-slow", $"echo $$ > {Plugins.Quote(targetPid)}; exec sleep 600"),
            new BlockOptions()),
            cancel.Token);
        await WaitForFileAsync(tapPid);
        await WaitForFileAsync(targetPid);

        await cancel.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(BlockStatus.Cancelled, result.Status);
        Assert.Equal("Run cancelled", result.Error);
        AssertGone(tapPid);
        AssertGone(targetPid);
    }

    [Fact]
    public async Task Run_past_its_timeout_fails_with_the_reason()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-slow", "exec sleep 600"),
            [],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Equal("Run timed out after 0.3 s and was stopped", result.Error);
    }

    private static async Task WaitForFileAsync(string path)
    {
        while (!File.Exists(path) || (await File.ReadAllTextAsync(path)).Trim().Length == 0)
        {
            await Task.Delay(20);
        }
    }

    private static void AssertGone(string pidFile)
    {
        var pid = File.ReadAllText(pidFile).Trim();
        var stat = $"/proc/{pid}/stat";
        Assert.True(!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[1].StartsWith('Z'), $"process {pid} is still running");
    }
}
