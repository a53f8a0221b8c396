using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Firing;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Policies;

public sealed class RunPolicySweeperTests
{
    private static readonly ScheduleContext Project = new()
    {
        Extractors = new HashSet<string> { "tap-csv" },
        Loaders = new HashSet<string> { "target-jsonl" },
    };

    private static CompiledSchedule Schedule(string name, params (string Key, string Value)[] extras) =>
        ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = name, Interval = "@hourly", Extractor = "tap-csv", Loader = "target-jsonl",
            Extras = extras.ToDictionary(e => e.Key, e => (object?)e.Value),
        }, Project);

    private static async Task<(RunQueue Queue, SystemDbContextFactory Contexts, RunPolicySweeper Sweeper)> StartAsync()
    {
        var db = await SystemDb.CreateAsync();
        var contexts = new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(db.ConnectionString));
        var queue = new RunQueue(contexts);
        var sweeper = new RunPolicySweeper(queue, contexts, new SchedulerOptions(), TimeProvider.System, NullLogger<RunPolicySweeper>.Instance);
        return (queue, contexts, sweeper);
    }

    private static async Task<RunRecord> FinishAsync(SystemDbContextFactory contexts, long id, RunStatus status, TimeSpan ago)
    {
        await using var context = contexts.CreateDbContext();
        var run = await context.Runs.SingleAsync(r => r.Id == id);
        run.Status = status;
        run.StartedAt = DateTime.UtcNow - ago - TimeSpan.FromSeconds(1);
        run.EndedAt = status is RunStatus.Running ? null : DateTime.UtcNow - ago;
        run.WorkerId = "test:1";
        await context.SaveChangesAsync();
        return run;
    }

    [Fact]
    public async Task Failed_scheduled_run_is_retried_after_its_backoff_once_per_attempt_up_to_the_limit()
    {
        var (queue, contexts, sweeper) = await StartAsync();
        var schedule = Schedule("nightly", ("retries", "2"));
        var fire = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var first = await queue.EnqueueAsync(RunRequests.ForSchedule(schedule, RunTrigger.Schedule, FireKeys.For("nightly", fire), fire));

        // Failed 10 s ago: the first retry waits 30 s, so nothing yet.
        await FinishAsync(contexts, first.Run.Id, RunStatus.Failed, TimeSpan.FromSeconds(10));
        await sweeper.SweepAsync(CancellationToken.None);
        await using (var context = contexts.CreateDbContext())
        {
            Assert.Equal(1, await context.Runs.CountAsync());
        }

        // Failed 31 s ago: retry 1 is queued, once, however often (and by however many replicas) it is swept.
        await FinishAsync(contexts, first.Run.Id, RunStatus.Failed, TimeSpan.FromSeconds(31));
        await sweeper.SweepAsync(CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);
        RunRecord retry;
        await using (var context = contexts.CreateDbContext())
        {
            retry = await context.Runs.SingleAsync(r => r.Id != first.Run.Id);
        }
        Assert.Equal("nightly@2026-11-25T00:00:00Z#retry1", retry.FireKey);
        Assert.Equal(RunStatus.Queued, retry.Status);
        Assert.Equal(1, Tapline.Core.Pipelines.Runs.RunOptions.TryFromPayload(retry.Payload)!.Attempt);

        // The retry dies too; after 61 s (second backoff) retry 2 comes, and after that no more.
        await FinishAsync(contexts, retry.Id, RunStatus.Dead, TimeSpan.FromSeconds(61));
        await sweeper.SweepAsync(CancellationToken.None);
        await using (var context = contexts.CreateDbContext())
        {
            var last = await context.Runs.OrderBy(r => r.Id).LastAsync();
            Assert.Equal("nightly@2026-11-25T00:00:00Z#retry2", last.FireKey);
            await FinishAsync(contexts, last.Id, RunStatus.Failed, TimeSpan.FromMinutes(20));
        }
        await sweeper.SweepAsync(CancellationToken.None);
        await using (var context = contexts.CreateDbContext())
        {
            Assert.Equal(3, await context.Runs.CountAsync());
        }
    }

    [Fact]
    public async Task Schedule_without_retries_is_not_retried_and_successes_never_are()
    {
        var (queue, contexts, sweeper) = await StartAsync();
        var fire = new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);
        var failed = await queue.EnqueueAsync(RunRequests.ForSchedule(Schedule("plain"), RunTrigger.Schedule, FireKeys.For("plain", fire), fire));
        var succeeded = await queue.EnqueueAsync(RunRequests.ForSchedule(Schedule("retrying", ("retries", "3")), RunTrigger.Schedule, FireKeys.For("retrying", fire), fire));
        await FinishAsync(contexts, failed.Run.Id, RunStatus.Failed, TimeSpan.FromMinutes(5));
        await FinishAsync(contexts, succeeded.Run.Id, RunStatus.Success, TimeSpan.FromMinutes(5));

        await sweeper.SweepAsync(CancellationToken.None);

        await using var context = contexts.CreateDbContext();
        Assert.Equal(2, await context.Runs.CountAsync());
    }
}
