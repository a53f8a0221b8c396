using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Insight;
using Tapline.Core.Tests.Data;

namespace Tapline.Core.Tests.Insight;

/// <summary>The live progress UPDATE is plain SQL; EF reads the same values, and a worker that lost the lease writes nothing.</summary>
public class RunProgressPublisherTests
{
    private const string Counts = """{"users":{"records":12,"batches":1}}""";
    private const string Metrics = """{"records":12}""";

    private static async Task<(SystemDbContextFactory Factory, RunQueue Queue, RunRecord Run)> RunningAsync(DatabaseProvider provider, ManualClock time)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory, time: time);
        await queue.EnqueueAsync(new RunRequest("dev:progress", "tap-csv target-jsonl", RunTrigger.Cli));
        return (factory, queue, (await queue.ClaimAsync("worker:1"))!);
    }

    private static async Task<RunRecord> ReadThroughEfAsync(SystemDbContextFactory factory, long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Progress_written_with_sql_reads_back_through_ef_unchanged(DatabaseProvider provider)
    {
        var (factory, _, run) = await RunningAsync(provider, new ManualClock(DateTimeOffset.UtcNow));

        Assert.Equal(1, await RunProgressPublisher.PublishAsync(factory, run, Counts, 12, Metrics, CancellationToken.None));

        var row = await ReadThroughEfAsync(factory, run.Id);
        Assert.Equal(Counts, row.StreamCounts);
        Assert.Equal(12, row.Records);
        Assert.Equal(Metrics, row.Metrics);
        Assert.Equal(RunStatus.Running, row.Status);
        Assert.Equal(run.LeaseEpoch, row.LeaseEpoch);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Progress_with_a_stale_lease_epoch_changes_nothing(DatabaseProvider provider)
    {
        var (factory, _, run) = await RunningAsync(provider, new ManualClock(DateTimeOffset.UtcNow));
        Assert.Equal(1, await RunProgressPublisher.PublishAsync(factory, run, Counts, 12, Metrics, CancellationToken.None));
        var stale = await ReadThroughEfAsync(factory, run.Id);
        stale.LeaseEpoch = run.LeaseEpoch - 1;

        Assert.Equal(0, await RunProgressPublisher.PublishAsync(factory, stale, """{"users":{"records":99,"batches":9}}""", 99, """{"records":99}""", CancellationToken.None));

        var row = await ReadThroughEfAsync(factory, run.Id);
        Assert.Equal(Counts, row.StreamCounts);
        Assert.Equal(12, row.Records);
        Assert.Equal(Metrics, row.Metrics);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Progress_of_a_run_reaped_from_its_worker_changes_nothing(DatabaseProvider provider)
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var (factory, queue, run) = await RunningAsync(provider, time);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await queue.ReapStaleAsync(TimeSpan.FromSeconds(30), "reaper"));

        Assert.Equal(0, await RunProgressPublisher.PublishAsync(factory, run, Counts, 12, Metrics, CancellationToken.None));

        var row = await ReadThroughEfAsync(factory, run.Id);
        Assert.Equal(RunStatus.Dead, row.Status);
        Assert.Null(row.StreamCounts);
        Assert.Equal(0, row.Records);
        Assert.Null(row.Metrics);
    }
}
