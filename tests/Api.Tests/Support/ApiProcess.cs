using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tapline.Api.Tests.Support;

/// <summary>
/// The built Api as its own process (Tapline.Api.dll next to the test assembly), for what only a real process shows:
/// its exit code and console when it refuses to start. <see cref="ApiHost"/> covers everything else in-process.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the Api on a free loopback port with authentication on and <paramref name="environment"/> over <see cref="Secrets"/>.</summary>
    public static ApiProcess Start(string projectRoot, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Tapline.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = projectRoot,
        };
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["MELTANO_PROJECT_ROOT"] = projectRoot;
        psi.Environment["MELTANO_UI_AUTHENTICATION"] = "true";
        psi.Environment["MELTANO_UI_SECRET_KEY"] = Secrets.SecretKey;
        psi.Environment["MELTANO_UI_PASSWORD_SALT"] = Secrets.PasswordSalt;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }
        var process = new Process { StartInfo = psi };
        var api = new ApiProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) api._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the Api did not exit within {within}:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>Waits until <c>/api/v1/health</c> answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the Api exited {_process.ExitCode} before it was healthy:\n{Output}");
            }
            try
            {
                using var response = await Http.GetAsync($"http://127.0.0.1:{Port}/api/v1/health");
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
                Assert.Fail($"the Api was not healthy within {within}:\n{Output}");
            }
            await Task.Delay(100);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
