using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Tapline.TestSupport;

/// <summary>
/// A Tapline service (Api, Scheduler, <c>tapline worker</c>) as a real child process, its console kept for assertions
/// and failure messages: the one place the service tests start, wait for and stop a process.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly string _name;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it wrote to stdout and stderr so far, one line per line.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts <paramref name="start"/> with its output redirected and kept; <paramref name="name"/> says which service in failure messages.</summary>
    public static ServiceProcess Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var service = new ServiceProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, name);
        service._process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>A free loopback port for the service to listen on.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200; fails if the process exits first.</summary>
    public async Task WaitForHttpOkAsync(string url, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{_name} {Id} exited {_process.ExitCode} before {url} answered:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync(url);
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
                Assert.Fail($"{_name} {Id}: {url} did not answer within {within}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the process has written <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!_output.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{_name} {Id} did not write '{text}' within {within}:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the process to end by itself (a refusal to start, a stop); its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{_name} {Id} did not exit within {within}:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as an orchestrator stopping a replica sends it.</summary>
    public void Terminate() => Assert.Equal(0, SendTerm());

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for a graceful exit, then SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        // Not asserted: the process may end by itself between the check and the signal.
        SendTerm();
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(entireTree: true);
        }
    }

    private int SendTerm()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    /// <summary>SIGKILL, as a crash or an OOM kill: no chance to clean up; with <paramref name="entireTree"/> its children die too.</summary>
    public void Kill(bool entireTree)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireTree);
            _process.WaitForExit(10_000);
        }
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
}
