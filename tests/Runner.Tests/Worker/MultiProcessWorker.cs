using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// A real <c>tapline worker</c> process (tapline.dll next to the test assembly) serving a project
/// against a system database, with test-sized runner settings as env vars, its health on a free
/// loopback port, and its console output kept for assertions and failure messages.
/// </summary>
internal sealed class MultiProcessWorker : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private MultiProcessWorker(Process process, int port)
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

    public string Output => string.Join('\n', _output);

    /// <param name="database">Env vars naming the system database (<c>ConnectionStrings__systemdb</c>); none: the project's own (SQLite by default).</param>
    /// <param name="settings">Overrides of the defaults below, by env var name (<c>runner__stale_after</c>).</param>
    public static MultiProcessWorker Start(string projectRoot, IReadOnlyDictionary<string, string> database, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
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
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var worker = new MultiProcessWorker(process, port);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>Waits until <c>/health</c> answers 200 (migrated, database reachable).</summary>
    public async Task WaitHealthyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"tapline worker {Pid} exited {_process.ExitCode} before it was healthy:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync($"http://127.0.0.1:{Port}/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"tapline worker {Pid} not healthy within {within}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the worker has written <paramref name="text"/> to its console.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!_output.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"tapline worker {Pid} did not write '{text}' within {within}:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary><c>kill -9</c>: the worker dies without a word; its children are left behind.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as an orchestrator stopping a replica sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"tapline worker {Pid} did not exit within {within}:\n{Output}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(cts.Token);
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
