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

        await using var a = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await using var b = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("tick")).Count > 0, TimeSpan.FromSeconds(60),
            "the first fire", () => a.Output + "\n----\n" + b.Output);
        await SystemDb.EventuallyAsync(
            async () => (await db.ScalarsAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"))[0] == 2,
            TimeSpan.FromSeconds(30), "both Schedulers checking in to the cluster", () => a.Output + "\n----\n" + b.Output);

        // Both replicas run side by side for 20 seconds of fires.
        var first = (await db.FiresAsync("tick"))[0];
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("tick"))[^1] >= first.AddSeconds(21), TimeSpan.FromSeconds(60),
            "21 seconds of fires", () => a.Output + "\n----\n" + b.Output);
        await a.StopAsync();
        await b.StopAsync();

        var fires = await db.FiresAsync("tick");
        var perFireTime = await db.ScalarsAsync<long>(
            "SELECT count(*) FROM runs WHERE schedule_name = @s GROUP BY payload::jsonb->>'fire_time' HAVING count(*) > 1", "tick");
        Assert.Empty(perFireTime);
        Assert.Equal(fires.Count, fires.Distinct().Count());

        var window = fires.Where(f => f >= first && f <= first.AddSeconds(20)).ToList();
        Assert.Equal(21, window.Count);
        Assert.All(window.Zip(window.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));
        Assert.Contains("tick", a.Output + b.Output);
    }
}
