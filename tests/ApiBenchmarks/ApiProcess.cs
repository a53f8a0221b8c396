using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tapline.ApiBenchmarks;

/// <summary>The Api as its own process on Kestrel, built next to this benchmark (Release when the benchmark is Release).</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The account the benchmarks sign in as (the Api's bootstrap admin).</summary>
    public const string Admin = "bench-admin";
    public const string Password = "benchmark password 123";

    /// <summary>The Api on a system database and project, authentication on, <see cref="Admin"/> created on start.</summary>
    public static Task<ApiProcess> StartWithAdminAsync(string connectionString, string projectRoot, IDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(extra)
        {
            ["ConnectionStrings__systemdb"] = connectionString,
            ["MELTANO_PROJECT_ROOT"] = projectRoot,
            ["MELTANO_UI_AUTHENTICATION"] = "true",
            ["MELTANO_UI_SECRET_KEY"] = Tapline.Core.Users.SecretGenerator.NewSecret(),
            ["MELTANO_UI_PASSWORD_SALT"] = Tapline.Core.Users.SecretGenerator.NewSecret(),
            ["TAPLINE_BOOTSTRAP_ADMIN"] = Admin,
            ["TAPLINE_BOOTSTRAP_PASSWORD"] = Password,
        };
        return StartAsync(environment, cancellationToken);
    }

    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var dll = LocateApi();
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the Api");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[api] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[api] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = api.BaseAddress };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited) throw new InvalidOperationException($"the Api exited with {process.ExitCode} before answering");
            try
            {
                if ((await probe.GetAsync("/api/v1/health", cancellationToken)).IsSuccessStatusCode) return api;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException("the Api did not answer /api/v1/health within 60 s");
    }

    private static string LocateApi()
    {
        var here = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(here).Parent!.Name; // bin/<Configuration>/net10.0/
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Api", "bin", configuration, "net10.0", "Tapline.Api.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"Tapline.Api.dll ({configuration}) not found above {here}; build Api first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
