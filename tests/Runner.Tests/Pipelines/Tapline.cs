using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Runner.Tests.Cli;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>
/// Runs the built <c>tapline</c> as a real process against a temp project, as cron would, and
/// reads back what it left: the runs rows and state in the project's SQLite system database.
/// </summary>
internal static class Tapline
{
    /// <summary>No run here takes long; a hung run fails the test instead of hanging the suite.</summary>
    public static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>
    /// Where <c>dotnet build Runner</c> bundled the first-party plugins: the test's own output has
    /// tapline.dll but not the plugins folder, so point resolution there as a deployment would.
    /// </summary>
    public static string BundledPluginsDir()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (configuration, framework) = (baseDir.Parent!.Name, baseDir.Name);
        return Path.Combine(TaplineProcess.RepoRoot(), "Runner", "bin", configuration, framework, "plugins");
    }

    public static ProcessStartInfo StartInfo(string projectRoot, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = projectRoot,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tapline.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // The machine's own Meltano (and Aspire) variables must not steer the CLI under test.
        foreach (var key in psi.Environment.Keys
            .Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("TAP_", StringComparison.Ordinal)
                || k.StartsWith("TARGET_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings", StringComparison.Ordinal))
            .ToList())
        {
            psi.Environment.Remove(key);
        }
        psi.Environment["TAPLINE_PLUGINS_DIR"] = BundledPluginsDir();
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        return psi;
    }

    public static async Task<Result> RunAsync(string projectRoot, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        using var process = Process.Start(StartInfo(projectRoot, args, env))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(ProcessLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tapline {string.Join(' ', args)} did not end within {ProcessLimit}; stderr so far:\n{await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(string projectRoot, params string[] args) => RunAsync(projectRoot, args, null);

    /// <summary>The project's default system database (<c>.meltano/meltano.db</c>).</summary>
    public static SystemDbContextFactory Database(string projectRoot) =>
        new(SystemDatabaseConnection.Resolve(null, null, projectRoot));

    public static async Task<List<RunRecord>> RunsAsync(SystemDbContextFactory db)
    {
        await using var context = db.CreateDbContext();
        return await context.Runs.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    public static Task<List<RunRecord>> RunsAsync(string projectRoot) => RunsAsync(Database(projectRoot));

    public static Task<StateRecord?> StateAsync(string projectRoot, string stateId) => new StateStore(Database(projectRoot)).GetAsync(stateId);
}
