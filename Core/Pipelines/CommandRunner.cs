using System.Diagnostics;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Pipelines;

/// <summary>
/// Runs one plugin process on its own: <c>tapline invoke</c> and <c>dbt:run</c>-style commands.
/// The exit code passes through untouched; cancellation stops the process (SIGTERM, then SIGKILL).
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs with the caller's stdin, stdout and stderr, as a terminal user expects of invoke.</summary>
    /// <exception cref="PluginStartException">The executable could not be started.</exception>
    public static async Task<int> RunInheritedAsync(PluginProcess process, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        using var activity = TaplineTelemetry.Source.StartActivity("plugin " + process.Name);
        using var child = ChildProcess.Start(process, redirect: false);
        return await WaitAsync(child, activity, gracePeriod, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs with stdout and stderr handed line by line to callbacks (a worker writing the elt.log);
    /// stdin is closed at once.
    /// </summary>
    public static async Task<int> RunPipedAsync(
        PluginProcess process,
        Action<string> onStdout,
        Action<string> onStderr,
        TimeSpan gracePeriod,
        CancellationToken cancellationToken = default)
    {
        using var activity = TaplineTelemetry.Source.StartActivity("plugin " + process.Name);
        using var child = ChildProcess.Start(process, redirect: true);
        child.StandardInput.Close();
        using var io = new CancellationTokenSource();
        var pumps = Task.WhenAll(
            PumpAsync(child.StandardOutput, onStdout, io.Token),
            PumpAsync(child.StandardError, onStderr, io.Token));
        var code = await WaitAsync(child, activity, gracePeriod, cancellationToken).ConfigureAwait(false);
        if (await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)).ConfigureAwait(false) != pumps)
        {
            await io.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await pumps.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A leftover grandchild kept the pipe open; the exit code is what matters.
        }

        return code;
    }

    private static async Task<int> WaitAsync(ChildProcess child, Activity? activity, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        activity?.SetTag("tapline.plugin", child.Name);
        activity?.SetTag("process.pid", child.Pid);
        using (cancellationToken.Register(() => _ = child.StopAsync(gracePeriod)))
        {
            var code = await child.Exited.ConfigureAwait(false);
            activity?.SetTag("process.exit_code", code);
            activity?.SetStatus(code == 0 ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
            return code;
        }
    }

    private static async Task PumpAsync(Stream stream, Action<string> onLine, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }
}
