using System.Globalization;
using Tapline.Core.Pipelines;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Pipelines;

/// <summary>How a plugin process starts: its signals, its process group, and its end with the runner.</summary>
public sealed class PluginProcessIsolationTests
{
    private const int SigPipeBit = 1 << (13 - 1);

    [Fact]
    public async Task Plugin_starts_with_SIGPIPE_at_its_default_so_a_closed_pipe_ends_it()
    {
        var lines = await StdoutOfAsync("grep SigIgn /proc/self/status");

        var ignored = long.Parse(lines.Single().Split(':')[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0, ignored & SigPipeBit);
    }

    [Fact]
    public async Task Piped_plugin_leads_its_own_process_group()
    {
        var lines = await StdoutOfAsync("echo $$; ps -o pgid= -p $$");

        Assert.Equal(lines[0].Trim(), lines[1].Trim());
    }

    [Fact]
    public async Task Cancelled_run_stops_a_grandchild_that_left_the_plugin_tree()
    {
        using var dir = new TempDir();
        var marker = dir.File("marker");
        using var cancel = new CancellationTokenSource();

        // The grandchild is reparented away from the plugin (double fork) but stays in its group.
        // It names itself through a rename, so a marker that exists is a whole pid.
        var plugin = Plugins.Sh("tap-forks", "(sh -c 'echo $$ > marker.tmp && mv marker.tmp marker; exec sleep 600' &) ; exec sleep 600")
            with { WorkingDirectory = dir.Path };
        var run = CommandRunner.RunPipedAsync(plugin, _ => { }, _ => { }, TimeSpan.FromSeconds(2), cancel.Token);
        int? orphan = null;
        var stopped = false;
        try
        {
            // Cancelling before the grandchild exists would test nothing; under load that can take seconds.
            var started = await UntilAsync(() => File.Exists(marker) || run.IsCompleted, TimeSpan.FromSeconds(60));
            Assert.True(started && File.Exists(marker), run.IsCompleted
                ? $"the plugin exited with {await run} before its grandchild wrote {marker}"
                : $"the grandchild did not write {marker}");
            orphan = int.Parse((await File.ReadAllTextAsync(marker)).Trim(), CultureInfo.InvariantCulture);

            await cancel.CancelAsync();
            var code = await run;

            // The plugin's exit does not wait for the grandchild's: a signalled process is only gone
            // once the kernel has run it to its end, which a loaded machine may delay.
            stopped = await UntilAsync(() => !ProcessTable.IsAlive(orphan.Value), TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, code);
            Assert.True(stopped, $"process {orphan} outlived its stopped plugin");
        }
        finally
        {
            // A failed test must not leave its 600-second sleepers behind.
            await cancel.CancelAsync();
            if (orphan is { } pid && !stopped)
            {
                Kill(pid);
            }
        }
    }

    /// <summary>A bounded poll: true once <paramref name="condition"/> holds, false when <paramref name="limit"/> ran out.</summary>
    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static async Task<List<string>> StdoutOfAsync(string script)
    {
        var stdout = new List<string>();
        var code = await CommandRunner.RunPipedAsync(Plugins.Sh("tap-probe", script), stdout.Add, _ => { }, TimeSpan.FromSeconds(2));
        Assert.Equal(0, code);
        return stdout;
    }
}
