using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// A real <c>tapline worker</c> process (tapline.dll next to the test assembly) serving a project
/// against a system database, with test-sized runner settings as env vars, its health on a free
/// loopback port, and its console output kept for assertions and failure messages.
/// </summary>
internal sealed class MultiProcessWorker : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private MultiProcessWorker(ServiceProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Pid => _process.Id;
    public int Port { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>The worker id it writes into the rows it claims (<c>host:pid</c>).</summary>
    public string WorkerId => $"{Environment.MachineName}:{Pid}";

    public string Output => _process.Output;

    /// <param name="database">Env vars naming the system database (<c>ConnectionStrings__systemdb</c>); none: the project's own (SQLite by default).</param>
    /// <param name="settings">Overrides of the defaults below, by env var name (<c>runner__stale_after</c>).</param>
    public static MultiProcessWorker Start(string projectRoot, IReadOnlyDictionary<string, string> database, IDictionary<string, string>? settings = null)
    {
        var port = ServiceProcess.FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            // Not the project root: the tests find plugins by their working directory.
            WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tapline.dll"));
        psi.ArgumentList.Add("worker");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("runner__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        var env = new Dictionary<string, string>
        {
            ["MELTANO_PROJECT_ROOT"] = projectRoot,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__Console__FormatterName"] = "simple",
            ["runner__concurrency"] = "2",
            ["runner__poll_interval"] = "00:00:00.250",
            ["runner__heartbeat_interval"] = "00:00:01",
            ["runner__stale_after"] = "00:05:00",
            ["runner__shutdown_grace"] = "00:00:10",
        };
        foreach (var (k, v) in database.Concat(settings ?? new Dictionary<string, string>()))
        {
            env[k] = v;
        }
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        return new MultiProcessWorker(ServiceProcess.Start(psi, "tapline worker"), port);
    }

    /// <summary>Waits until <c>/health</c> answers 200 (migrated, database reachable).</summary>
    public Task WaitHealthyAsync(TimeSpan within) => _process.WaitForHttpOkAsync($"http://127.0.0.1:{Port}/health", within);

    /// <summary>Waits until the worker has written <paramref name="text"/> to its console.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan within) => _process.WaitForOutputAsync(text, within);

    /// <summary><c>kill -9</c>: the worker dies without a word; its children are left behind.</summary>
    public void KillHard() => _process.Kill(entireTree: false);

    /// <summary>SIGTERM, as an orchestrator stopping a replica sends it.</summary>
    public void Terminate() => _process.Terminate();

    public Task<int> WaitForExitAsync(TimeSpan within) => _process.WaitForExitAsync(within);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
