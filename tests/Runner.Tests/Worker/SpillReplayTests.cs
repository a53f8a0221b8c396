using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Runner.Worker;

namespace Tapline.Runner.Tests.Worker;

/// <summary>Issue 12: the state a worker spilled under <c>.meltano/run/</c> and never stored is stored by the next worker.</summary>
public class SpillReplayTests
{
    private static RunRequest Shell(string stateId) =>
        new(stateId, "tap-csv target-jsonl", RunTrigger.Schedule) { Payload = ShellRunExecutor.Payload("exit 0") };

    /// <summary>
    /// What a worker leaves when it is killed during a database outage: its fenced store could not reach the
    /// database, so the run's latest state sits only in the spill directory.
    /// </summary>
    private static async Task SpillAsDyingWorkerAsync(RunRecord run, string spillDirectory, string completed)
    {
        var unreachable = new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(
            "Host=127.0.0.1;Port=1;Database=gone;Username=gone;Timeout=1;Pooling=false"));
        var dying = new StateStore(unreachable).FencedBy(new RunFence(run.Id, run.LeaseEpoch, spillDirectory));
        await dying.SetAsync(run.StateId, completed, null, run.RunId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task State_spilled_by_a_worker_that_died_is_stored_by_the_next_worker_unless_a_newer_state_was_saved(DatabaseProvider provider)
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(provider);
        var queue = new RunQueue(factory);
        var store = new StateStore(factory);
        var sysDir = Directory.CreateTempSubdirectory("tapline-spill-").FullName;
        var spillDirectory = RunWorker.SpillDirectoryOf(sysDir);

        // Two runs claimed by a worker that then died; each spilled its latest state.
        var lost = (await queue.EnqueueAsync(Shell("dev:spilled"))).Run;
        var overtaken = (await queue.EnqueueAsync(Shell("dev:overtaken"))).Run;
        lost = (await queue.ClaimAsync("gone-host:1"))!;
        overtaken = (await queue.ClaimAsync("gone-host:1"))!;
        await SpillAsDyingWorkerAsync(lost, spillDirectory, """{"singer_state":{"bookmarks":{"s":{"id":30000}}}}""");
        await SpillAsDyingWorkerAsync(overtaken, spillDirectory, """{"singer_state":{"bookmarks":{"s":{"id":5}}}}""");
        Assert.Equal(2, Directory.GetFiles(spillDirectory, SpilledState.FilePattern).Length);
        var log = Path.Combine(sysDir, "elt.log");
        await File.WriteAllTextAsync(log, "");
        await queue.SetLogPathAsync(lost.Id, log);
        // Someone set dev:overtaken's state by hand after that run started: the spill must not replace it.
        await store.SetAsync("dev:overtaken", """{"singer_state":{"bookmarks":{"s":{"id":99}}}}""", null);

        using var worker = await WorkerTestHost.StartAsync(factory.Connection, new ShellRunExecutor(), "test-host:next",
            new Dictionary<string, string?>
            {
                ["MELTANO_SYS_DIR_ROOT"] = sysDir,
                ["runner:stale_after"] = "00:00:02",
                ["runner:heartbeat_interval"] = "00:00:00.500",
            });
        try
        {
            // The worker removes a replayed spill first and then notes it in the run's log: wait for both.
            await WorkerTestHost.EventuallyAsync(async () => Directory.GetFiles(spillDirectory, SpilledState.FilePattern).Length == 0
                    && (await File.ReadAllTextAsync(log)).Contains("was stored by worker test-host:next", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "both spills were decided and the replay noted in the log");
        }
        finally
        {
            await worker.StopAsync();
        }

        Assert.Equal(RunStatus.Dead, (await queue.GetAsync(lost.Id))!.Status);
        Assert.Equal("""{"singer_state":{"bookmarks":{"s":{"id":30000}}}}""", (await store.GetAsync("dev:spilled"))!.Completed);
        Assert.Equal(lost.RunId, (await store.GetHistoryAsync("dev:spilled")).First().RunId);
        Assert.Contains("was stored by worker test-host:next", await File.ReadAllTextAsync(log));
        Assert.Equal("""{"singer_state":{"bookmarks":{"s":{"id":99}}}}""", (await store.GetAsync("dev:overtaken"))!.Completed);
    }
}
