using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tapline.Scheduler.Tests.Support;

/// <summary>The built Scheduler service running as a real child process, the way the AppHost runs it.</summary>
public sealed class SchedulerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SchedulerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    public static SchedulerProcess Start(string projectRoot, string? connectionString, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tapline.Scheduler.dll");
        var psi = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = projectRoot,
        };
        psi.Environment["MELTANO_PROJECT_ROOT"] = projectRoot;
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__LogLevel__Default"] = "Information";
        psi.Environment["Logging__LogLevel__Quartz"] = "Warning";
        psi.Environment["scheduler__misfire_threshold"] = "00:00:02";
        psi.Environment["scheduler__checkin_interval"] = "00:00:02";
        if (connectionString is not null)
        {
            psi.Environment["ConnectionStrings__systemdb"] = connectionString;
        }
        foreach (var (key, value) in extraEnv ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }
        return new SchedulerProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start the Scheduler"));
    }

    /// <summary>Waits for the process to end by itself (a refusal to start); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the Scheduler did not exit within {within}:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a replica; waits for a graceful exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }
}
