using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Tapline.Core.Data.Runs;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// Test stand-in for the pipeline engine: runs the payload's <c>command</c> with <c>/bin/sh -c</c>
/// as a real child process, and kills its whole process tree when told to stop.
/// </summary>
internal sealed class ShellRunExecutor : IRunExecutor
{
    public ConcurrentBag<long> Executed { get; } = [];

    public static string Payload(string command) => JsonSerializer.Serialize(new { command });

    public async Task<RunOutcome> ExecuteAsync(RunRecord run, RunContext context, CancellationToken cancellationToken)
    {
        Executed.Add(run.Id);
        var command = JsonDocument.Parse(run.Payload ?? "{}").RootElement.GetProperty("command").GetString()!;
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false })!;
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        var exitCodes = new Dictionary<string, int> { ["sh"] = process.ExitCode };
        return process.ExitCode == 0
            ? RunOutcome.Success() with { ExitCodes = exitCodes, Records = 1 }
            : RunOutcome.Failed($"sh exited {process.ExitCode}") with { ExitCodes = exitCodes };
    }
}
