using System.Diagnostics;
using static Tapline.Runner.Tests.Pipelines.Processes;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>
/// What a `tapline run` on SQLite maps into memory before its plugins run: a run's fixed cost (time and peak memory)
/// is mostly the assemblies it loads, and three large ones have no work to do there. EF Core (the run's statements are
/// plain SQL), Npgsql (the project is on SQLite) and Quartz (a project's cron is validated by Tapline's own parser).
/// Read from the live process's /proc maps, as the kernel sees it, while its tap runs.
/// </summary>
public class StartupFootprintTests
{
    [Fact]
    public async Task A_sqlite_run_of_a_project_with_a_cron_schedule_loads_neither_EF_Core_nor_Npgsql_nor_Quartz()
    {
        var root = ScriptProject.Create(
            "echo $$ > tap.pid\nwhile [ ! -f go ]; do sleep 0.05; done\n" + ScriptProject.ThreeRecords,
            "cat > /dev/null",
            """
            schedules:
            - name: nightly
              extractor: tap-script
              loader: target-script
              interval: '15 2 * * 1-5'
            """);
        // The first run creates and migrates the system database (once); the run measured is the next one, as every
        // scheduled run after the first is.
        File.WriteAllText(Path.Combine(root, "go"), "");
        var first = await RunAsync(root, "run", "tap-script", "target-script");
        Assert.True(first.ExitCode == 0, first.ToString());
        File.Delete(Path.Combine(root, "go"));
        File.Delete(Path.Combine(root, "tap.pid"));

        using var run = Process.Start(StartInfo(root, ["run", "tap-script", "target-script"]))!;
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = run.StandardOutput.ReadToEndAsync();
        try
        {
            await Until(() => File.Exists(Path.Combine(root, "tap.pid")) && File.ReadAllText(Path.Combine(root, "tap.pid")).Trim().Length > 0,
                "the tap started", run);

            var mapped = File.ReadAllLines($"/proc/{run.Id}/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(5))
                .OfType<string>()
                .Select(Path.GetFileName)
                .OfType<string>()
                .ToHashSet();

            Assert.Contains("Microsoft.Data.Sqlite.dll", mapped);
            Assert.DoesNotContain(mapped, name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
            Assert.DoesNotContain("Npgsql.dll", mapped);
            Assert.DoesNotContain("Quartz.dll", mapped);
        }
        finally
        {
            File.WriteAllText(Path.Combine(root, "go"), "");
            using var limit = new CancellationTokenSource(ProcessLimit);
            await run.WaitForExitAsync(limit.Token);
            await Task.WhenAll(stderr, stdout);
        }
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{await stderr}");
    }
}
