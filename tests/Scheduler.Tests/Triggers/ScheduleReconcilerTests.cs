using Microsoft.Extensions.DependencyInjection;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Tests.Support;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Tests.Triggers;

/// <summary>
/// The reconciler against the clustered store, in process: a stored trigger row that is rewritten gets
/// a new PostgreSQL row version (xmin), so "left alone" is observable without waiting for fires.
/// </summary>
[Collection(SchedulerProcesses.Name)]
public sealed class ScheduleReconcilerTests
{
    private const string TriggerRows =
        "SELECT t.trigger_name || ' ' || c.cron_expression || ' ' || t.xmin::text || ' ' || c.xmin::text || ' ' || t.next_fire_time::text "
        + "FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group) ORDER BY t.trigger_name";

    [Fact]
    public async Task Reload_of_an_unchanged_project_rewrites_no_trigger_and_a_changed_schedule_is_replaced_alone()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        // Enough new schedules for the bulk path, plus one per kind of change.
        var fillers = string.Concat(Enumerable.Range(0, BulkTriggerWriter.Threshold).Select(i => TestProject.Schedule($"f{i:00}", "0 7 * * *")));
        project.Write("schedules:\n" + fillers
            + TestProject.Schedule("steady", "0 3 * * *")
            + TestProject.Schedule("edited", "0 4 * * *")
            + TestProject.Schedule("removed", "0 5 * * *"));
        using var host = InProcessScheduler.Host(project.Root, db);
        var source = host.Services.GetRequiredService<IScheduleSource>();
        var reconciler = host.Services.GetRequiredService<ScheduleReconciler>();

        var first = await reconciler.ReconcileAsync(await source.LoadAsync(CancellationToken.None), CancellationToken.None);
        var all = BulkTriggerWriter.Threshold + 3;
        Assert.Equal((all, 0, 0, 0), (first.Added, first.Replaced, first.RemovedTriggers, first.Kept));
        var stored = await db.ScalarsAsync<string>(TriggerRows);
        // Rows copied in bulk say what Quartz itself wrote for its template, apart from the schedule's own columns.
        Assert.Single(await db.ScalarsAsync<string>(
            "SELECT DISTINCT (to_jsonb(t) - 'trigger_name' - 'job_name' - 'description' - 'next_fire_time' - 'start_time')::text FROM qrtz_triggers t"));
        Assert.Single(await db.ScalarsAsync<string>(
            "SELECT DISTINCT (to_jsonb(j) - 'job_name' - 'description')::text FROM qrtz_job_details j"));
        var now = DateTimeOffset.UtcNow;
        var seven = new DateTimeOffset(now.Year, now.Month, now.Day, 7, 0, 0, TimeSpan.Zero);
        var expected = (seven > now ? seven : seven.AddDays(1)).UtcTicks;
        Assert.Equal([expected], await db.ScalarsAsync<long>("SELECT DISTINCT next_fire_time FROM qrtz_triggers WHERE trigger_name LIKE 'f%'"));

        var unchanged = await reconciler.ReconcileAsync(await source.LoadAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal((0, 0, 0, all), (unchanged.Added, unchanged.Replaced, unchanged.RemovedTriggers, unchanged.Kept));
        Assert.Equal(stored, await db.ScalarsAsync<string>(TriggerRows));

        project.Write("schedules:\n" + fillers
            + TestProject.Schedule("steady", "0 3 * * *")
            + TestProject.Schedule("edited", "30 4 * * *")
            + TestProject.Schedule("added", "0 6 * * *"));
        var changed = await reconciler.ReconcileAsync(await source.LoadAsync(CancellationToken.None), CancellationToken.None);
        Assert.Equal((1, 1, 1, all - 2), (changed.Added, changed.Replaced, changed.RemovedTriggers, changed.Kept));
        var after = await db.ScalarsAsync<string>(TriggerRows);
        Assert.Equal(stored.Where(r => r.StartsWith('f')), after.Where(r => r.StartsWith('f')));
        Assert.Equal(["added", "edited", "steady"], after.Where(r => !r.StartsWith('f')).Select(r => r.Split(' ')[0]));
        Assert.Equal(stored.Single(r => r.StartsWith("steady ", StringComparison.Ordinal)), after.Single(r => r.StartsWith("steady ", StringComparison.Ordinal)));
        Assert.Contains("0 30 4 ", after.Single(r => r.StartsWith("edited ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(["added", "edited", "steady"],
            await db.ScalarsAsync<string>("SELECT job_name FROM qrtz_job_details WHERE job_name NOT LIKE 'f%' ORDER BY job_name"));
    }

    [Fact]
    public async Task Schedules_added_in_bulk_fire_once_per_fire_time()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        var names = Enumerable.Range(0, BulkTriggerWriter.Threshold + 5).Select(i => $"b{i:00}").ToList();
        project.Write("schedules:\n" + string.Concat(names.Select(n => TestProject.Schedule(n, "* * * * * *", "overlap: queue"))));
        using var host = InProcessScheduler.Host(project.Root, db);

        await host.StartAsync();
        try
        {
            // Every schedule, the template Quartz wrote and the copies alike, fires at least twice.
            await SystemDb.EventuallyAsync(async () =>
                {
                    foreach (var name in names)
                    {
                        if ((await db.FiresAsync(name)).Count < 2)
                        {
                            return false;
                        }
                    }
                    return true;
                }, TimeSpan.FromSeconds(60), "two fires of every schedule loaded in bulk");
        }
        finally
        {
            await host.StopAsync();
        }
        Assert.Equal(names.Count, (await db.ScalarsAsync<string>("SELECT DISTINCT schedule_name FROM runs")).Count);
    }
}
