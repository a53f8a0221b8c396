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
        var marker = Path.Combine(Path.GetTempPath(), "tapline-orphan-" + Guid.NewGuid().ToString("N"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        // The grandchild is reparented away from the plugin (double fork) but stays in its group.
        var code = await CommandRunner.RunPipedAsync(
            Plugins.Sh("tap-forks", $"(sh -c 'echo $$ > {marker}; exec sleep 600' &) ; exec sleep 600"),
            _ => { },
            _ => { },
            TimeSpan.FromSeconds(2),
            cancel.Token);

        var orphan = int.Parse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture);
        File.Delete(marker);
        Assert.NotEqual(0, code);
        Assert.False(ProcessTable.IsAlive(orphan), $"process {orphan} outlived its stopped plugin");
    }

    private static async Task<List<string>> StdoutOfAsync(string script)
    {
        var stdout = new List<string>();
        var code = await CommandRunner.RunPipedAsync(Plugins.Sh("tap-probe", script), stdout.Add, _ => { }, TimeSpan.FromSeconds(2));
        Assert.Equal(0, code);
        return stdout;
    }
}
