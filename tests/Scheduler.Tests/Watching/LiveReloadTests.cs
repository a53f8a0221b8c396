using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Watching;

[Collection(SchedulerProcesses.Name)]
public sealed class LiveReloadTests
{
    [Fact]
    public async Task Schedule_added_to_meltano_yml_while_running_fires_within_five_seconds()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        project.Write("schedules:\n" + TestProject.Schedule("old", "* * * * * *", "overlap: queue"));

        await using var scheduler = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("old")).Count > 0, TimeSpan.FromSeconds(60),
            "the first fire", () => scheduler.Output);

        var editedAt = DateTimeOffset.UtcNow;
        project.Write("schedules:\n" + TestProject.Schedule("new", "* * * * * *", "overlap: queue"));
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("new")).Count > 0, TimeSpan.FromSeconds(30),
            "a fire of the added schedule", () => scheduler.Output);

        var firstNew = (await db.FiresAsync("new"))[0];
        Assert.True(firstNew <= editedAt.AddSeconds(5), $"first fire of 'new' was for {firstNew:O}, edit at {editedAt:O}");

        // The removed schedule stops too.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var lastOld = (await db.FiresAsync("old"))[^1];
        Assert.True(lastOld <= editedAt.AddSeconds(5), $"'old' still fired for {lastOld:O}, edit at {editedAt:O}");
    }

    [Fact]
    public async Task A_broken_schedule_is_reported_and_the_others_keep_firing()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        project.Write("schedules:\n"
            + TestProject.Schedule("good", "* * * * * *", "overlap: queue")
            + TestProject.Schedule("bad-cron", "0 25 * * *")
            + "- name: bad-job\n  interval: '@daily'\n  job: no-such-job\n");

        await using var scheduler = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("good")).Count >= 3, TimeSpan.FromSeconds(60),
            "three fires of the good schedule", () => scheduler.Output);

        var errors = await db.ScalarsAsync<string>("SELECT name || ' => ' || error FROM schedule_status WHERE error IS NOT NULL ORDER BY name");
        Assert.Equal(2, errors.Count);
        Assert.Contains("bad-cron => ", errors[0]);
        Assert.Contains("field 'interval'", errors[0]);
        Assert.Contains("hour \"25\": 25 is out of range 0-23", errors[0]);
        Assert.Contains("meltano.yml line ", errors[0]);
        Assert.Contains("unknown job 'no-such-job'", errors[1]);
        Assert.Contains("Schedule bad-cron cannot run", scheduler.Output);

        // A file that no longer parses keeps the last good triggers running.
        File.WriteAllText(project.MeltanoYml, "schedules: [ {name: good, interval: \n");
        var brokenAt = DateTimeOffset.UtcNow;
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("good"))[^1] > brokenAt.AddSeconds(4), TimeSpan.FromSeconds(30),
            "good firing on after meltano.yml broke", () => scheduler.Output);
        Assert.Contains("Schedules not reloaded: ", scheduler.Output);
        Assert.Matches(@"Schedules not reloaded: \S*meltano\.yml line \d+: ", scheduler.Output);

        var next = await db.ScalarsAsync<DateTime>("SELECT next_fire_at FROM schedule_status WHERE name = 'good'");
        Assert.Single(next);
    }
}
