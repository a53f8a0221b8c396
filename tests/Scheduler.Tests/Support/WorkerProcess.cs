using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Support;

/// <summary><c>tapline worker</c> (the Runner service) as a real process, from the Runner's build output with its bundled plugins.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private WorkerProcess(ServiceProcess process) => _process = process;

    public string Output => _process.Output;

    /// <param name="connectionString">Aspire's <c>ConnectionStrings__systemdb</c>; null: the project's own settings decide (database_uri, MELTANO_SYS_DIR_ROOT).</param>
    public static WorkerProcess Start(string projectRoot, string? connectionString)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepoRoot(), "Runner", "bin", configuration, "net10.0", "tapline.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "worker"]) { WorkingDirectory = projectRoot };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["MELTANO_PROJECT_ROOT"] = projectRoot;
        if (connectionString is not null)
        {
            psi.Environment["ConnectionStrings__systemdb"] = connectionString;
        }
        psi.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        return new WorkerProcess(ServiceProcess.Start(psi, "tapline worker"));
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Aspire.sln not found above the test binaries");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
