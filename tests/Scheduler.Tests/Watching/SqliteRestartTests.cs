using System.Globalization;
using Microsoft.Data.Sqlite;
using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Watching;

[Collection(SchedulerProcesses.Name)]
public sealed class SqliteRestartTests
{
    [Fact]
    public async Task Single_scheduler_on_sqlite_restarted_runs_a_missed_fire_once_or_skips_it_per_policy()
    {
        using var project = new TestProject();
        var missedAt = DateTimeOffset.UtcNow.AddSeconds(25);
        var cron = missedAt.ToString("s m H", CultureInfo.InvariantCulture) + " * * *";
        project.Write("schedules:\n"
            + TestProject.Schedule("heartbeat", "* * * * * *", "overlap: queue")
            + TestProject.Schedule("missed-once", cron, "misfire: run_once", "overlap: queue")
            + TestProject.Schedule("missed-skip", cron, "overlap: queue"));
        var db = Path.Combine(project.Root, ".meltano", "meltano.db");

        await using (var first = SchedulerProcess.Start(project.Root, connectionString: null))
        {
            await SystemDb.EventuallyAsync(async () => await CountAsync(db, "heartbeat") >= 2, TimeSpan.FromSeconds(60),
                "the first Scheduler firing", () => first.Output);
            first.Kill();
        }

        var wait = missedAt.AddSeconds(4) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using var second = SchedulerProcess.Start(project.Root, connectionString: null);
        await SystemDb.EventuallyAsync(async () => await CountAsync(db, "missed-once") == 1, TimeSpan.FromSeconds(60),
            "the run_once schedule's catch-up run", () => second.Output);
        var heartbeats = await CountAsync(db, "heartbeat");
        await SystemDb.EventuallyAsync(async () => await CountAsync(db, "heartbeat") > heartbeats + 3, TimeSpan.FromSeconds(30),
            "more heartbeats after the restart", () => second.Output);

        Assert.Equal(1, await CountAsync(db, "missed-once"));
        Assert.Equal(0, await CountAsync(db, "missed-skip"));
        Assert.Contains("missed its fire at", second.Output);
    }

    private static async Task<long> CountAsync(string db, string schedule)
    {
        if (!File.Exists(db))
        {
            return 0;
        }
        await using var connection = new SqliteConnection($"Data Source={db}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM runs WHERE schedule_name = $s";
        command.Parameters.AddWithValue("$s", schedule);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            return 0;
        }
    }
}
