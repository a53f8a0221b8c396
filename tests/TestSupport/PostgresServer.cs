using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tapline.TestSupport;

/// <summary>
/// A throwaway PostgreSQL 15 server for the test run, started from the machine's binaries
/// (<c>/usr/lib/postgresql/15/bin</c>) on loopback in a temporary data directory, unless
/// <c>TAPLINE_TEST_POSTGRES</c> names an existing server (an admin connection string).
/// One server per test process; every test asks it for a fresh database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private static int _databaseCounter;

    public string AdminConnectionString { get; }
    private readonly string? _dataDirectory;
    private string[] _startArgs = [];
    private bool _asRoot;

    private PostgresServer(string adminConnectionString, string? dataDirectory)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Stops the server (fast shutdown: clients are disconnected), as a database outage. Only a server this process started.</summary>
    public Task StopAsync() =>
        RunPgAsync(_asRoot, Path.Combine(Bin, "pg_ctl"), ["-D", _dataDirectory ?? throw new InvalidOperationException("TAPLINE_TEST_POSTGRES servers are not ours to stop"), "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and data.</summary>
    public Task RestartAsync() => RunPgAsync(_asRoot, Path.Combine(Bin, "pg_ctl"), _startArgs);

    private const string Bin = "/usr/lib/postgresql/15/bin";

    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>
    /// This process's own server, even when <c>TAPLINE_TEST_POSTGRES</c> names a shared one: for tests that
    /// stop and restart it (an outage must not take down the server the other test projects share).
    /// </summary>
    public static Task<PostgresServer> GetOwnAsync() => Own.Value;

    private static readonly Lazy<Task<PostgresServer>> Own = new(StartLocalAsync);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(60, name.Length)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The same database as a Meltano <c>database_uri</c> (postgresql://user:pass@host:port/db).</summary>
    public static string ToDatabaseUri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var auth = string.IsNullOrEmpty(b.Password)
            ? Uri.EscapeDataString(b.Username ?? "postgres")
            : $"{Uri.EscapeDataString(b.Username ?? "postgres")}:{Uri.EscapeDataString(b.Password)}";
        return $"postgresql://{auth}@{b.Host}:{b.Port}/{b.Database}";
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var existing = Environment.GetEnvironmentVariable("TAPLINE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(existing))
        {
            return new PostgresServer(existing, null);
        }
        return await StartLocalAsync();
    }

    private static async Task<PostgresServer> StartLocalAsync()
    {
        const string bin = "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL 15 binaries not found in {bin}; install postgresql-15 or set TAPLINE_TEST_POSTGRES to an admin connection string.");
        }

        var root = Path.Combine(Path.GetTempPath(), $"tapline-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root]);
        }

        var port = FreePort();
        await RunPgAsync(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "tapline", "--no-sync", "-E", "UTF8"]);
        string[] start = ["-D", data, "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "-l", Path.Combine(root, "log"), "-w", "start"];
        await RunPgAsync(asRoot, Path.Combine(bin, "pg_ctl"), start);

        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=tapline;Database=postgres;Pooling=false", data) { _startArgs = start, _asRoot = asRoot };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot, bin, root);
        StartReaper(asRoot, bin, data, root);
        return server;
    }

    private void Stop(bool asRoot, string bin, string root)
    {
        if (_dataDirectory is null) return;
        try
        {
            var psi = asRoot
                ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "stop"])
                : new ProcessStartInfo(Path.Combine(bin, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "stop"]);
            psi.RedirectStandardOutput = psi.RedirectStandardError = true;
            using var p = Process.Start(psi);
            p?.WaitForExit(10_000);
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort: a leftover temp directory must not fail the test run.
        }
    }

    /// <summary>
    /// The test host is often killed rather than shut down (ProcessExit never runs), which left the
    /// server running after the test run. A detached shell waits for this process to go, then stops
    /// the server and removes its files; its output goes nowhere, so it holds no pipe of the runner's.
    /// </summary>
    private static void StartReaper(bool asRoot, string bin, string data, string root)
    {
        var stop = $"{Path.Combine(bin, "pg_ctl")} -D '{data}' -m immediate -w stop";
        if (asRoot) stop = $"runuser -u postgres -- {stop}";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 0.5; done; {stop}; rm -rf '{root}'";
        var psi = new ProcessStartInfo("setsid", ["sh", "-c", script]) { WorkingDirectory = "/" };
        using var _ = Process.Start(psi);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(bool asRoot, string exe, string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);

    private static async Task RunAsync(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited {p.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }
}
