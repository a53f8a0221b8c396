using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;

namespace Tapline.Core.Tests.Data;

/// <summary>Leases on run rows: a worker whose run was taken over can no longer write its state or its end.</summary>
public class RunFencingTests
{
    private static RunRequest Request(string stateId) => new(stateId, "tap-csv target-jsonl", RunTrigger.Cli);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Zombie_state_write_after_takeover_is_refused_and_the_new_runs_state_stands(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var queue = new RunQueue(factory, time: time);
        var store = new StateStore(factory, time);
        await queue.EnqueueAsync(Request("dev:fenced"));
        var zombieRun = (await queue.ClaimAsync("zombie:1"))!;
        var zombie = store.FencedBy(new RunFence(zombieRun.Id, zombieRun.LeaseEpoch, null));
        await zombie.SetAsync("dev:fenced", """{"bookmarks":{"s":1}}""", null, zombieRun.RunId);
        Assert.Null(await zombie.FlushAsync(TimeSpan.FromSeconds(30)));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await queue.ReapStaleAsync(TimeSpan.FromSeconds(30), "reaper"));
        await queue.EnqueueAsync(Request("dev:fenced"));
        var next = (await queue.ClaimAsync("healthy:1"))!;
        var healthy = store.FencedBy(new RunFence(next.Id, next.LeaseEpoch, null));
        await healthy.SetAsync("dev:fenced", """{"bookmarks":{"s":5}}""", null, next.RunId);
        Assert.Null(await healthy.FlushAsync(TimeSpan.FromSeconds(30)));

        await zombie.SetAsync("dev:fenced", """{"bookmarks":{"s":2}}""", null, zombieRun.RunId);
        await Assert.ThrowsAsync<LeaseLostException>(() => zombie.FlushAsync(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAsync<LeaseLostException>(() => zombie.SetAsync("dev:fenced", """{"bookmarks":{"s":3}}""", null, zombieRun.RunId));
        Assert.Equal("""{"bookmarks":{"s":5}}""", (await store.GetAsync("dev:fenced"))!.Completed);
        Assert.False(await queue.CompleteAsync(zombieRun.Id, "zombie:1", RunOutcome.Success(), leaseEpoch: zombieRun.LeaseEpoch));
        Assert.Equal(RunStatus.Dead, (await queue.GetAsync(zombieRun.Id))!.Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reaped_run_keeps_the_state_it_reached(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var queue = new RunQueue(factory, time: time);
        var store = new StateStore(factory, time);
        await queue.EnqueueAsync(Request("dev:kept"));
        var run = (await queue.ClaimAsync("crashed:1"))!;
        var fenced = store.FencedBy(new RunFence(run.Id, run.LeaseEpoch, null));
        await fenced.SetAsync("dev:kept", """{"bookmarks":{"s":7}}""", null, run.RunId);
        Assert.Null(await fenced.FlushAsync(TimeSpan.FromSeconds(30)));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await queue.ReapStaleAsync(TimeSpan.FromSeconds(30), "reaper"));

        Assert.Equal("""{"bookmarks":{"s":7}}""", (await store.GetAsync("dev:kept"))!.Completed);
        Assert.Contains(await store.GetHistoryAsync("dev:kept"), h => h.RunId == run.RunId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_reaper_never_declares_its_own_running_runs_dead(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var queue = new RunQueue(factory, time: time);
        await queue.EnqueueAsync(Request("dev:mine"));
        var mine = (await queue.ClaimAsync("w:1"))!;

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await queue.ReapStaleAsync(TimeSpan.FromSeconds(30), "w:1", alive: [mine.Id]));
        Assert.Equal(RunStatus.Running, (await queue.GetAsync(mine.Id))!.Status);
    }

    [Fact]
    public async Task A_reaper_back_from_a_database_outage_waits_stale_after_before_reaping()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var queue = new RunQueue(factory, time: time);
        await queue.EnqueueAsync(Request("dev:outage"));
        await queue.ClaimAsync("other:1");
        var reaper = new RunReaper(queue, TimeSpan.FromSeconds(30), "w:2", time);

        time.Advance(TimeSpan.FromSeconds(40));
        reaper.NoteFailure();
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(await reaper.ReapAsync());
        time.Advance(TimeSpan.FromSeconds(25));

        Assert.Single(await reaper.ReapAsync());
    }

    [Fact]
    public async Task Fenced_state_waits_out_a_database_outage_and_is_stored_when_it_returns()
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-fenced-" + Guid.NewGuid().ToString("N"));
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var queue = new RunQueue(factory);
        var store = new StateStore(factory);
        await queue.EnqueueAsync(Request("dev:outage"));
        var run = (await queue.ClaimAsync("w:1"))!;
        var spill = Path.Combine(root, ".meltano", "run");
        var fenced = store.FencedBy(new RunFence(run.Id, run.LeaseEpoch, spill));
        var database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(factory.Connection.ConnectionString).DataSource;
        var away = database + ".away";

        // Pooled connections would keep writing to the moved file: the outage must reach every connection.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Move(database, away);
        Directory.CreateDirectory(database);
        await fenced.SetAsync("dev:outage", """{"bookmarks":{"s":9}}""", null, run.RunId);
        Assert.NotNull(await fenced.FlushAsync(TimeSpan.FromSeconds(1)));
        Assert.Contains(":9}}", await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(spill))), StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(database);
        File.Move(away, database);

        Assert.Null(await fenced.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("""{"bookmarks":{"s":9}}""", (await store.GetAsync("dev:outage"))!.Completed);
        Assert.Empty(Directory.GetFiles(spill));
    }
}
