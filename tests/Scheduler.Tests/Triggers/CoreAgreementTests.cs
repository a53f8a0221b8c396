using Microsoft.Extensions.DependencyInjection;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Tests.Support;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Tests.Triggers;

/// <summary>
/// The Scheduler's side of "one owner for schedules": its Quartz trigger and its schedule_status row give the
/// next fire Core computes (the Api and the CLI are pinned against Core the same way), and it refuses what
/// Core refuses. Before, the Api read 5-field UTC cron only and accepted <c>@quarterly</c>.
/// </summary>
[Collection(SchedulerProcesses.Name)]
public sealed class CoreAgreementTests
{
    [Fact]
    public async Task Timezone_and_start_date_give_the_trigger_and_the_status_row_cores_next_fire_and_quarterly_is_an_error()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        project.Write("schedules:\n"
            + TestProject.Schedule("berlin-later", "0 2 * * *", "timezone: Europe/Berlin", "start_date: '2030-01-10'")
            + TestProject.Schedule("q", "@quarterly"));
        using var host = InProcessScheduler.Host(project.Root, db);
        var source = host.Services.GetRequiredService<IScheduleSource>();

        await host.Services.GetRequiredService<ScheduleReconciler>().ReconcileAsync(await source.LoadAsync(CancellationToken.None), CancellationToken.None);

        // 02:00 in Berlin (winter, UTC+1) on the start date.
        var expected = new DateTimeOffset(2030, 1, 10, 1, 0, 0, TimeSpan.Zero);
        var core = Tapline.Core.Schedules.ProjectScheduleSpecs.Compile(Tapline.Core.Project.ProjectLoader.Analyze(project.Root).Project!, null)
            .Find("berlin-later")!.NextFire(DateTimeOffset.UtcNow);
        Assert.Equal(expected, core);
        Assert.Equal([expected.UtcTicks], await db.ScalarsAsync<long>("SELECT next_fire_time FROM qrtz_triggers WHERE trigger_name = 'berlin-later'"));
        var status = Assert.Single(await db.ScalarsAsync<DateTime>("SELECT next_fire_at FROM schedule_status WHERE name = 'berlin-later'"));
        Assert.Equal(expected.UtcDateTime, DateTime.SpecifyKind(status, DateTimeKind.Utc));
        var error = Assert.Single(await db.ScalarsAsync<string>("SELECT error FROM schedule_status WHERE name = 'q' AND error IS NOT NULL"));
        Assert.Contains("@quarterly", error);
        Assert.Empty(await db.ScalarsAsync<string>("SELECT trigger_name FROM qrtz_triggers WHERE trigger_name = 'q'"));
    }
}
