using System.Diagnostics;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>Looking at processes a run started, without timing assertions: bounded waits only.</summary>
internal static class Processes
{
    /// <summary>A process that exists and is not a zombie waiting to be reaped.</summary>
    public static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static async Task Until(Func<bool> condition, string what, Process? mustStayAlive)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (mustStayAlive is { HasExited: true })
            {
                throw new InvalidOperationException($"tapline exited ({mustStayAlive.ExitCode}) before {what}");
            }
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"gave up waiting until {what}");
            }
            await Task.Delay(100);
        }
    }
}
