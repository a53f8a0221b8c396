using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Clustering;

[Collection(SchedulerProcesses.Name)]
public sealed class TwoSchedulersTests
{
    [Fact]
    public async Task Two_scheduler_processes_on_one_postgres_enqueue_every_second_exactly_once()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        project.Write("schedules:\n" + TestProject.Schedule("tick", "* * * * * *", "overlap: queue"));

        // A fire that a loaded machine delays past the misfire threshold is skipped (misfire: skip, the default),
        // which is right for a schedule but would make "every second" depend on the load; a minute's threshold
        // lets every fire happen, late if need be, so the test pins "exactly once" and waits for the fires themselves.
        var settings = new Dictionary<string, string> { ["scheduler__misfire_threshold"] = "00:01:00" };
        await using var a = SchedulerProcess.Start(project.Root, db.ConnectionString, settings);
        await using var b = SchedulerProcess.Start(project.Root, db.ConnectionString, settings);
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("tick")).Count > 0, TimeSpan.FromMinutes(2),
            "the first fire", () => a.Output + "\n----\n" + b.Output);
        await SystemDb.EventuallyAsync(
            async () => (await db.ScalarsAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"))[0] == 2,
            TimeSpan.FromMinutes(2), "both Schedulers checking in to the cluster", () => a.Output + "\n----\n" + b.Output);

        // Both replicas run side by side until every second of a 21-second window has fired.
        var first = (await db.FiresAsync("tick"))[0];
        await SystemDb.EventuallyAsync(async () => InWindow(await db.FiresAsync("tick"), first).Distinct().Count() == 21, TimeSpan.FromMinutes(3),
            "every second from the first fire to 20 s after it", () => a.Output + "\n----\n" + b.Output);
        await a.StopAsync();
        await b.StopAsync();

        var fires = await db.FiresAsync("tick");
        var perFireTime = await db.ScalarsAsync<long>(
            "SELECT count(*) FROM runs WHERE schedule_name = @s GROUP BY payload::jsonb->>'fire_time' HAVING count(*) > 1", "tick");
        Assert.Empty(perFireTime);
        Assert.Equal(fires.Count, fires.Distinct().Count());

        var window = InWindow(fires, first);
        Assert.Equal(21, window.Count);
        Assert.All(window.Zip(window.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
        Assert.Contains("tick", a.Output + b.Output);
    }

    private static List<DateTimeOffset> InWindow(IEnumerable<DateTimeOffset> fires, DateTimeOffset first) =>
        fires.Where(f => f >= first && f <= first.AddSeconds(20)).ToList();
}
