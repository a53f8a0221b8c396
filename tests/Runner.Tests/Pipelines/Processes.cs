using System.Diagnostics;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>Looking at processes a run started, without timing assertions: bounded waits only.</summary>
internal static class Processes
{
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
