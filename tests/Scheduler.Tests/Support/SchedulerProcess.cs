using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Support;

/// <summary>The built Scheduler service running as a real child process, the way the AppHost runs it.</summary>
public sealed class SchedulerProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private SchedulerProcess(ServiceProcess process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public static SchedulerProcess Start(string projectRoot, string? connectionString, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Tapline.Scheduler.dll");
        var psi = new ProcessStartInfo("dotnet", [dll])
        {
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
        return new SchedulerProcess(ServiceProcess.Start(psi, "the Scheduler"));
    }

    /// <summary>Waits for the process to end by itself (a refusal to start); its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan within) => _process.WaitForExitAsync(within);

    /// <summary>SIGKILL: the process gets no chance to clean up, as in a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill(entireTree: true);

    /// <summary>SIGTERM, as an orchestrator stops a replica; waits for a graceful exit.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
