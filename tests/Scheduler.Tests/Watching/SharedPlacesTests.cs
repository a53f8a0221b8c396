using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Watching;

/// <summary>
/// Without Aspire, the Scheduler and the Runner find the project's places (system directory, SQLite
/// database, logs) the same way, through Core's ProjectPlaces. Before, the Scheduler ignored .env and
/// the system directory and queued into .meltano/meltano.db while the Runner polled another file.
/// </summary>
[Collection(SchedulerProcesses.Name)]
public sealed class SharedPlacesTests
{
    [Fact]
    public async Task Scheduler_and_runner_open_the_same_sqlite_database_under_the_sys_dir_named_in_dotenv()
    {
        using var project = new TestProject();
        project.Write("schedules:\n" + TestProject.Schedule("once", "@once"));
        await File.WriteAllTextAsync(Path.Combine(project.Root, ".env"), "MELTANO_SYS_DIR_ROOT=state-dir\n");
        var sysDir = Path.Combine(project.Root, "state-dir");
        var db = Path.Combine(sysDir, "meltano.db");

        await using var scheduler = SchedulerProcess.Start(project.Root, connectionString: null);
        await using var worker = WorkerProcess.Start(project.Root, connectionString: null);

        string? logPath = null;
        await SystemDb.EventuallyAsync(async () =>
        {
            // A run the Scheduler queued that a Runner claimed: both opened this file.
            logPath = await SystemDb.SqliteScalarAsync(db,
                "SELECT log_path FROM runs WHERE schedule_name = 'once' AND status <> 'queued' AND log_path IS NOT NULL") as string;
            return logPath is not null;
        }, TimeSpan.FromSeconds(90), "the scheduled run claimed by the Runner in state-dir/meltano.db",
            () => scheduler.Output + "\n---- worker ----\n" + worker.Output);

        Assert.StartsWith(Path.Combine(sysDir, "logs", "elt") + Path.DirectorySeparatorChar, logPath, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.Root, ".meltano", "meltano.db")), "a second system database was created under .meltano");
    }
}
