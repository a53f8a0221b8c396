using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Watching;

[Collection(SchedulerProcesses.Name)]
public sealed class SqliteSchedulerTests
{
    [Fact]
    public async Task Without_postgres_the_scheduler_enqueues_into_the_projects_sqlite_database()
    {
        using var project = new TestProject();
        project.Write("schedules:\n" + TestProject.Schedule("tick", "* * * * * *", "overlap: queue"));
        var db = Path.Combine(project.Root, ".meltano", "meltano.db");

        await using var scheduler = SchedulerProcess.Start(project.Root, connectionString: null);
        long count = 0;
        await SystemDb.EventuallyAsync(async () =>
        {
            count = await SystemDb.SqliteScalarAsync(db,
                "SELECT count(*) FROM runs WHERE schedule_name = 'tick' AND trigger = 'schedule' AND status = 'queued'") as long? ?? 0;
            return count >= 3;
        }, TimeSpan.FromSeconds(60), "three runs in .meltano/meltano.db", () => scheduler.Output);

        Assert.Contains("in-memory Quartz store, single instance", scheduler.Output);
    }
}
