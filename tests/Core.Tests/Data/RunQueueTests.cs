using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Data;

public class RunQueueTests
{
    private static RunRequest Request(string stateId, RunTrigger trigger = RunTrigger.Cli) => new(stateId, "tap-csv target-jsonl", trigger);

    // Each claimer gets its own factory and queue, as separate worker processes would.
    private static RunQueue Claimer(SystemDbContextFactory factory) => new(new SystemDbContextFactory(factory.Connection));

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Many_concurrent_claimers_claim_each_of_200_runs_exactly_once(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        for (var i = 0; i < 200; i++)
        {
            await queue.EnqueueAsync(Request($"dev:pipeline-{i}"));
        }

        // Each claimer stops after 25: 200 runs then need all 8 of them, so the runs are shared by construction,
        // not by how the threads happened to be scheduled (on SQLite one fast claimer could otherwise take every run).
        var claims = new ConcurrentBag<(long Id, string Worker)>();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = Claimer(factory);
            for (var taken = 0; taken < 25 && await mine.ClaimAsync($"worker-{w}") is { } run; taken++)
            {
                claims.Add((run.Id, $"worker-{w}"));
                await mine.CompleteAsync(run.Id, $"worker-{w}", RunOutcome.Success());
            }
        })).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(200, claims.Count);
        Assert.Equal(200, claims.Select(c => c.Id).Distinct().Count());
        await using var context = factory.CreateDbContext();
        Assert.Equal(200, await context.Runs.CountAsync(r => r.Status == RunStatus.Success));
        var byWorker = await context.Runs.GroupBy(r => r.WorkerId).Select(g => g.Key).ToListAsync();
        Assert.Equal(8, byWorker.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Two_enqueuers_of_one_state_id_never_get_two_running(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var enqueuers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            var q = Claimer(factory);
            for (var i = 0; i < 10; i++)
            {
                await q.EnqueueAsync(Request("dev:shared"));
            }
        }));
        await Task.WhenAll(enqueuers);

        var claimers = Enumerable.Range(0, 6).Select(w => Task.Run(() => Claimer(factory).ClaimAsync($"worker-{w}"))).ToArray();
        var claimed = (await Task.WhenAll(claimers)).Where(r => r is not null).ToList();

        Assert.Single(claimed);
        await using var context = factory.CreateDbContext();
        Assert.Equal(1, await context.Runs.CountAsync(r => r.StateId == "dev:shared" && r.Status == RunStatus.Running));
        Assert.Equal(19, await context.Runs.CountAsync(r => r.StateId == "dev:shared" && r.Status == RunStatus.Queued));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Unique_index_refuses_a_second_running_run_even_when_written_directly(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        await queue.EnqueueAsync(Request("dev:guarded"));
        var second = (await queue.EnqueueAsync(Request("dev:guarded"))).Run;
        Assert.NotNull(await queue.ClaimAsync("worker-a"));

        await using var context = factory.CreateDbContext();
        await Assert.ThrowsAnyAsync<Exception>(() =>
            context.Runs.Where(r => r.Id == second.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Queued_run_of_a_busy_state_id_waits_its_turn_then_runs(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var first = (await queue.EnqueueAsync(Request("dev:turns"))).Run;
        var second = (await queue.EnqueueAsync(Request("dev:turns"))).Run;

        Assert.Equal(first.Id, (await queue.ClaimAsync("w"))!.Id);
        Assert.Null(await queue.ClaimAsync("w"));
        await queue.CompleteAsync(first.Id, "w", RunOutcome.Success());
        Assert.Equal(second.Id, (await queue.ClaimAsync("w"))!.Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Run_that_loses_heartbeat_is_marked_dead_with_reason_and_its_state_id_runs_again(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var time = new ManualClock(DateTimeOffset.Parse("2026-11-24T22:00:00Z"));
        var queue = new RunQueue(factory, time: time);
        var lost = (await queue.EnqueueAsync(Request("dev:reaped"))).Run;
        var next = (await queue.EnqueueAsync(Request("dev:reaped"))).Run;
        await queue.ClaimAsync("crashed-host:123");
        var log = Path.Combine(Path.GetTempPath(), $"tapline-reap-{Guid.NewGuid():N}.log");
        await File.WriteAllTextAsync(log, "2026-11-24T22:00:00.000Z tap-csv | started\n");
        await queue.SetLogPathAsync(lost.Id, log);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await queue.ReapStaleAsync(TimeSpan.FromMinutes(5), "reaper:1"));
        time.Advance(TimeSpan.FromMinutes(2));
        var reaped = await queue.ReapStaleAsync(TimeSpan.FromMinutes(5), "reaper:1");

        Assert.Equal(lost.Id, Assert.Single(reaped).Id);
        var row = await queue.GetAsync(lost.Id);
        Assert.Equal(RunStatus.Dead, row!.Status);
        Assert.Contains("no heartbeat from worker crashed-host:123", row.Error);
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal(EltLog.Format(time.GetUtcNow(), EltLog.EngineSource, row.Error!), lines[^1]);
        Assert.Empty(await queue.ReapStaleAsync(TimeSpan.FromMinutes(5), "reaper:2"));
        Assert.Equal(next.Id, (await queue.ClaimAsync("healthy:1"))!.Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Heartbeat_keeps_a_run_alive_and_reports_runs_the_worker_no_longer_holds(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var time = new ManualClock(DateTimeOffset.Parse("2026-11-24T22:00:00Z"));
        var queue = new RunQueue(factory, time: time);
        var alive = (await queue.EnqueueAsync(Request("dev:alive"))).Run;
        var stolen = (await queue.EnqueueAsync(Request("dev:stolen"))).Run;
        await queue.ClaimAsync("w:1");
        await queue.ClaimAsync("w:1");

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await queue.HeartbeatAsync("w:1", [alive.Id, stolen.Id]));
        time.Advance(TimeSpan.FromMinutes(4));
        await queue.HeartbeatAsync("w:1", [alive.Id]);
        time.Advance(TimeSpan.FromMinutes(2));
        var reaped = await queue.ReapStaleAsync(TimeSpan.FromMinutes(5), "reaper");

        Assert.Equal(stolen.Id, Assert.Single(reaped).Id);
        Assert.Equal([stolen.Id], await queue.HeartbeatAsync("w:1", [alive.Id, stolen.Id]));
        Assert.False(await queue.CompleteAsync(stolen.Id, "w:1", RunOutcome.Success()));
        Assert.Equal(RunStatus.Dead, (await queue.GetAsync(stolen.Id))!.Status);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Cancel_of_a_queued_run_ends_it_and_of_a_running_run_raises_the_flag(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var running = (await queue.EnqueueAsync(Request("dev:a"))).Run;
        await queue.ClaimAsync("w");
        var queued = (await queue.EnqueueAsync(Request("dev:b"))).Run;
        Assert.True(await queue.RequestCancelAsync(queued.Id));
        Assert.True(await queue.RequestCancelAsync(running.Id));

        Assert.Equal(RunStatus.Cancelled, (await queue.GetAsync(queued.Id))!.Status);
        Assert.Equal(RunStatus.Running, (await queue.GetAsync(running.Id))!.Status);
        Assert.Equal([running.Id], await queue.CancelRequestedAsync([running.Id]));
        Assert.Null(await queue.ClaimAsync("w"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Same_fire_key_is_enqueued_once(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var fire = Request("dev:daily", RunTrigger.Schedule) with { ScheduleName = "daily", FireKey = "daily@2026-11-24T00:00:00Z" };

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Claimer(factory).EnqueueAsync(fire))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Run.Id).Distinct());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Completed_run_keeps_exit_codes_stream_counts_and_error(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var run = (await queue.EnqueueAsync(Request("dev:done") with { Payload = """{"full_refresh":true}""", RequestedBy = "admin" })).Run;
        await queue.ClaimAsync("w");

        await queue.CompleteAsync(run.Id, "w", new RunOutcome(RunStatus.Failed)
        {
            ExitCodes = new Dictionary<string, int> { ["tap-csv"] = 0, ["target-jsonl"] = 1 },
            StreamCounts = new Dictionary<string, StreamTotals> { ["users"] = new(10, 1234) },
            Records = 10,
            Error = "Loader failed",
        });

        var row = (await queue.GetByRunIdAsync(run.RunId))!;
        Assert.Equal((RunStatus.Failed, "Loader failed", 10L, "admin"), (row.Status, row.Error, row.Records, row.RequestedBy));
        Assert.Equal("""{"tap-csv":0,"target-jsonl":1}""", row.ExitCodes);
        Assert.Equal("""{"users":{"records":10,"bytes":1234}}""", row.StreamCounts);
        Assert.Equal("""{"full_refresh":true}""", row.Payload);
        Assert.NotNull(row.EndedAt);
        Assert.Equal(DateTimeKind.Utc, row.EndedAt!.Value.Kind);
    }

    [Fact]
    public async Task Postgres_enqueue_wakes_a_listening_worker()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Postgres);
        await using var signal = new RunQueueSignal(factory.Connection);
        await signal.StartAsync(CancellationToken.None);
        Assert.True(signal.Listening);
        var wake = signal.NextWork;

        await Claimer(factory).EnqueueAsync(Request("dev:notify"));

        await wake.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Cli_run_is_recorded_as_running_and_refused_while_its_state_id_is_busy(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);

        var run = await queue.StartDirectAsync(Request("dev:cli"), "laptop:77");

        Assert.Equal((RunStatus.Running, RunTrigger.Cli, "laptop:77"), (run.Status, run.Trigger, run.WorkerId));
        var e = await Assert.ThrowsAsync<StateIdBusyException>(() => queue.StartDirectAsync(Request("dev:cli"), "laptop:78"));
        Assert.Contains("dev:cli", e.Message);
        await queue.EnqueueAsync(Request("dev:cli"));
        Assert.Null(await queue.ClaimAsync("worker"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Lease_of_a_cli_run_cancels_its_token_when_the_ui_asks(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var queue = new RunQueue(factory);
        var run = await queue.StartDirectAsync(Request("dev:leased"), "laptop:77");
        await using var lease = RunLease.Start(queue, run, "laptop:77", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

        await Claimer(factory).RequestCancelAsync(run.Id);

        await Task.Delay(Timeout.Infinite, lease.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Cancelled on request", lease.StopReason);
        Assert.False(lease.ClaimLost);
    }
}
