using System.Globalization;
using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Clustering;

[Collection(SchedulerProcesses.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task Scheduler_killed_and_restarted_runs_a_missed_fire_once_or_skips_it_per_policy()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();

        // Two schedules fire once, at the same second, while no Scheduler is alive.
        var missedAt = DateTimeOffset.UtcNow.AddSeconds(25);
        var cron = missedAt.ToString("s m H", CultureInfo.InvariantCulture) + " * * *";
        project.Write("schedules:\n"
            + TestProject.Schedule("heartbeat", "* * * * * *", "overlap: queue")
            + TestProject.Schedule("missed-once", cron, "misfire: run_once", "overlap: queue")
            + TestProject.Schedule("missed-skip", cron, "misfire: skip", "overlap: queue"));

        await using (var first = SchedulerProcess.Start(project.Root, db.ConnectionString))
        {
            await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("heartbeat")).Count >= 2, TimeSpan.FromSeconds(60),
                "the first Scheduler firing", () => first.Output);
            first.Kill();
        }

        var killedAt = (await db.FiresAsync("heartbeat"))[^1];
        Assert.True(killedAt < missedAt, $"the Scheduler was meant to die before {missedAt:O} but fired until {killedAt:O}");

        // Stay dead until both fires are older than the 2 s misfire threshold.
        var wait = missedAt.AddSeconds(4) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await using var second = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("missed-once")).Count == 1, TimeSpan.FromSeconds(60),
            "the run_once schedule's catch-up run", () => second.Output);
        var restartedAt = DateTimeOffset.UtcNow;
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("heartbeat"))[^1] > restartedAt.AddSeconds(5), TimeSpan.FromSeconds(30),
            "five more seconds of heartbeat", () => second.Output);

        Assert.Single(await db.FiresAsync("missed-once"));
        Assert.Empty(await db.FiresAsync("missed-skip"));
        var heartbeat = await db.FiresAsync("heartbeat");
        // The fire Quartz had acquired when the process died is recovered (once, by its fire key);
        // every later second of the dead time is a misfire, skipped by the default policy.
        Assert.DoesNotContain(heartbeat, f => f > killedAt.AddSeconds(1) && f <= missedAt);
    }
}
