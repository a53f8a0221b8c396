using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Tapline.AppHost.SystemDb;

/// <summary>
/// The on-disk PostgreSQL cluster of local mode: <c>&lt;project&gt;/.meltano/postgres</c>, created
/// once with <c>initdb</c>, its superuser password generated then and kept in the data directory
/// so every restart reuses it. PostgreSQL refuses to run as root, so when the AppHost is root
/// the cluster belongs to the <c>postgres</c> user and every binary runs as that user.
/// </summary>
public sealed class LocalPostgresCluster
{
    public const string DatabaseName = "tapline";
    public const string UserName = "tapline";
    private const string PasswordFileName = "tapline.password";
    private const string ServiceUser = "postgres";
    // Unix socket paths are limited to 107 bytes; deeper data directories listen on TCP only.
    private const int MaxSocketDirectoryLength = 90;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, int port, string password)
    {
        BinDirectory = binDirectory;
        DataDirectory = dataDirectory;
        Port = port;
        Password = password;
    }

    public string BinDirectory { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string Password { get; }

    public static bool RunsAsRoot => Environment.UserName == "root";

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = UserName,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>The command and arguments that run the server in the foreground.</summary>
    public (string Command, string[] Args) ServerCommand()
    {
        var socketDirectory = DataDirectory.Length <= MaxSocketDirectoryLength ? DataDirectory : "";
        string[] server =
        [
            Path.Combine(BinDirectory, "postgres"),
            "-D", DataDirectory,
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", socketDirectory,
            "-c", "listen_addresses=127.0.0.1",
        ];
        return AsServiceUser(server);
    }

    /// <summary>Finds or creates the cluster and picks a free port for this run.</summary>
    public static LocalPostgresCluster Prepare(string binDirectory, string dataDirectory, Action<string> log)
    {
        var postgres = Path.Combine(binDirectory, "postgres");
        if (!File.Exists(postgres))
        {
            throw new InvalidOperationException(
                $"systemdb: no container runtime answered, ConnectionStrings:systemdb is not set, and there is no PostgreSQL server binary at '{postgres}'. " +
                "Install PostgreSQL 15 (apt-get install postgresql-15), set Tapline:SystemDb:PostgresBin to its bin directory, or set ConnectionStrings:systemdb.");
        }

        string password;
        var passwordFile = Path.Combine(dataDirectory, PasswordFileName);
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            if (!File.Exists(passwordFile))
            {
                throw new InvalidOperationException(
                    $"systemdb: '{dataDirectory}' holds a PostgreSQL cluster that Tapline did not create ({PasswordFileName} is missing). " +
                    "Move it away to let Tapline create a fresh one, or point ConnectionStrings:systemdb at it.");
            }
            password = File.ReadAllText(passwordFile).Trim();
            log($"systemdb: reusing the local PostgreSQL cluster in {dataDirectory}");
        }
        else
        {
            password = GeneratePassword();
            InitDb(binDirectory, dataDirectory, password, log);
        }

        return new LocalPostgresCluster(binDirectory, dataDirectory, FreePort(), password);
    }

    private static void InitDb(string binDirectory, string dataDirectory, string password, Action<string> log)
    {
        log($"systemdb: creating a local PostgreSQL cluster in {dataDirectory} (initdb, once)");
        Directory.CreateDirectory(dataDirectory);
        if (Directory.EnumerateFileSystemEntries(dataDirectory).Any())
        {
            throw new InvalidOperationException(
                $"systemdb: '{dataDirectory}' is not empty and is not a PostgreSQL cluster; move its contents away so initdb can create one.");
        }

        // initdb reads the superuser password from a file; it lives outside the data directory
        // (initdb wants that empty) and only until initdb has read it.
        var pwfile = Path.Combine(Path.GetTempPath(), $"tapline-pw-{Guid.NewGuid():N}");
        File.WriteAllText(pwfile, password);
        OwnerOnly(pwfile);
        try
        {
            if (RunsAsRoot)
            {
                Chown(dataDirectory);
                Chown(pwfile);
            }
            string[] initdb =
            [
                Path.Combine(binDirectory, "initdb"),
                "-D", dataDirectory,
                "-U", UserName,
                "--pwfile", pwfile,
                "--auth-host=scram-sha-256",
                "--auth-local=peer",
                "-E", "UTF8",
                "--no-instructions",
            ];
            var (command, args) = AsServiceUser(initdb);
            Run(command, args, TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(pwfile);
        }

        var passwordFile = Path.Combine(dataDirectory, PasswordFileName);
        File.WriteAllText(passwordFile, password);
        OwnerOnly(passwordFile);
        if (RunsAsRoot)
        {
            Chown(passwordFile);
        }
    }

    private static (string Command, string[] Args) AsServiceUser(string[] commandLine)
    {
        if (!RunsAsRoot)
        {
            return (commandLine[0], commandLine[1..]);
        }
        // runuser forks and waits, so a stop signal would hit runuser, not the server; setpriv
        // execs the server in place, so the AppHost's stop reaches PostgreSQL itself.
        return ("setpriv", ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", .. commandLine]);
    }

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void Chown(string path) =>
        Run("chown", [$"{ServiceUser}:{ServiceUser}", path], TimeSpan.FromSeconds(30));

    private static void Run(string command, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Relative lookups of the service user must not start in a directory it cannot read.
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"systemdb: could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"systemdb: {command} did not finish within {timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"systemdb: '{command} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string GeneratePassword() =>
        Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
