using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

public class RunWorkerTests
{
    private static RunRequest Shell(string stateId, string command) =>
        new(stateId, "tap-csv target-jsonl", RunTrigger.Schedule) { Payload = ShellRunExecutor.Payload(command) };

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Three_workers_execute_each_of_200_queued_runs_exactly_once(DatabaseProvider provider)
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(provider);
        var queue = new RunQueue(factory);
        var executor = new ShellRunExecutor();

        // The three workers are up before the runs exist, and each run lasts 0.1 s: the 200 runs then take at least 3 s
        // on three workers (concurrency 2 each on this machine), several poll intervals, so no worker can miss them all
        // because it started late or two others drained trivial runs before its first poll.
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(w => WorkerTestHost.StartAsync(factory.Connection, executor, $"test-host:{w}")));
        try
        {
            for (var i = 0; i < 200; i++)
            {
                await queue.EnqueueAsync(Shell($"dev:trivial-{i % 50}", "sleep 0.1"));
            }
            await WorkerTestHost.EventuallyAsync(async () =>
            {
                await using var context = factory.CreateDbContext();
                return await context.Runs.CountAsync(r => r.Status == RunStatus.Success) == 200;
            }, TimeSpan.FromMinutes(3), "all 200 runs succeeded");
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.StopAsync()));
        }

        Assert.Equal(200, executor.Executed.Count);
        Assert.Equal(200, executor.Executed.Distinct().Count());
        await using var db = factory.CreateDbContext();
        Assert.Equal(3, await db.Runs.Select(r => r.WorkerId).Distinct().CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Cancel_request_kills_the_plugin_processes_within_5_seconds_and_marks_the_run_cancelled(DatabaseProvider provider)
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(provider);
        var queue = new RunQueue(factory);
        var pidFile = Path.Combine(Path.GetTempPath(), $"tapline-cancel-{Guid.NewGuid():N}.pid");
        // A grandchild too, as a tap under a shell wrapper would be.
        var run = (await queue.EnqueueAsync(Shell("dev:long", $"sleep 300 & echo $! > {pidFile}; wait"))).Run;
        using var worker = await WorkerTestHost.StartAsync(factory.Connection, new ShellRunExecutor(), "test-host:cancel",
            new Dictionary<string, string?> { ["runner:poll_interval"] = "00:00:01" });
        try
        {
            await WorkerTestHost.EventuallyAsync(() => Task.FromResult(File.Exists(pidFile) && new FileInfo(pidFile).Length > 0), TimeSpan.FromSeconds(60), "the plugin process started");
            var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
            Assert.True(ProcessTable.IsAlive(pid));

            Assert.True(await queue.RequestCancelAsync(run.Id));

            await WorkerTestHost.EventuallyAsync(async () => !ProcessTable.IsAlive(pid) && (await queue.GetAsync(run.Id))!.Status == RunStatus.Cancelled,
                TimeSpan.FromSeconds(5), "plugin process gone and run cancelled");
            Assert.Equal("Cancelled on request", (await queue.GetAsync(run.Id))!.Error);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Run_of_a_worker_that_died_is_reaped_dead_its_state_kept_and_its_state_id_runs_again(DatabaseProvider provider)
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(provider);
        var queue = new RunQueue(factory);
        var state = new StateStore(factory);
        var orphan = (await queue.EnqueueAsync(Shell("dev:orphaned", "exit 0"))).Run;
        var next = (await queue.EnqueueAsync(Shell("dev:orphaned", "exit 0"))).Run;
        // The dead worker claimed the run and saved state, then stopped heartbeating for good.
        Assert.Equal(orphan.Id, (await queue.ClaimAsync("gone-host:4242"))!.Id);
        await state.SetAsync("dev:orphaned", """{"bookmarks":{"users":{"id":41}}}""", null, orphan.RunId);

        using var worker = await WorkerTestHost.StartAsync(factory.Connection, new ShellRunExecutor(), "test-host:reaper",
            new Dictionary<string, string?> { ["runner:stale_after"] = "00:00:02", ["runner:heartbeat_interval"] = "00:00:00.500" });
        try
        {
            await WorkerTestHost.EventuallyAsync(async () => (await queue.GetAsync(next.Id))!.Status == RunStatus.Success,
                TimeSpan.FromSeconds(60), "the next run of the state_id succeeded");
        }
        finally
        {
            await worker.StopAsync();
        }

        var dead = (await queue.GetAsync(orphan.Id))!;
        Assert.Equal(RunStatus.Dead, dead.Status);
        Assert.Contains("no heartbeat from worker gone-host:4242", dead.Error);
        Assert.Equal("""{"bookmarks":{"users":{"id":41}}}""", (await state.GetAsync("dev:orphaned"))!.Completed);
    }

    [Fact]
    public async Task Shutdown_lets_short_runs_finish_and_cancels_long_ones_after_the_grace_period()
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(DatabaseProvider.Postgres);
        var queue = new RunQueue(factory);
        var pidFile = Path.Combine(Path.GetTempPath(), $"tapline-grace-{Guid.NewGuid():N}.pid");
        var shortRun = (await queue.EnqueueAsync(Shell("dev:short", "sleep 1"))).Run;
        var longRun = (await queue.EnqueueAsync(Shell("dev:long", $"echo $$ > {pidFile}; exec sleep 300"))).Run;
        var worker = await WorkerTestHost.StartAsync(factory.Connection, new ShellRunExecutor(), "test-host:grace",
            new Dictionary<string, string?> { ["runner:shutdown_grace"] = "00:00:03" });
        await WorkerTestHost.EventuallyAsync(async () =>
            (await queue.GetAsync(shortRun.Id))!.Status == RunStatus.Running && File.Exists(pidFile) && new FileInfo(pidFile).Length > 0,
            TimeSpan.FromSeconds(60), "both runs started");
        var pid = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
        // Queued once the worker is stopping (it no longer claims): before that, a slot freed by the short run
        // could take it, and does now that claims are a few milliseconds.
        var stopping = worker.StopAsync();
        var late = (await queue.EnqueueAsync(Shell("dev:late", "exit 0"))).Run;
        await stopping;
        worker.Dispose();

        Assert.Equal(RunStatus.Success, (await queue.GetAsync(shortRun.Id))!.Status);
        var cancelled = (await queue.GetAsync(longRun.Id))!;
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Contains("shut down", cancelled.Error);
        Assert.False(ProcessTable.IsAlive(pid));
        Assert.Equal(RunStatus.Queued, (await queue.GetAsync(late.Id))!.Status);
    }

    [Fact]
    public async Task Failing_plugin_marks_the_run_failed_with_its_exit_code()
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(DatabaseProvider.Sqlite);
        var queue = new RunQueue(factory);
        var run = (await queue.EnqueueAsync(Shell("dev:broken", "exit 3"))).Run;
        using var worker = await WorkerTestHost.StartAsync(factory.Connection, new ShellRunExecutor(), "test-host:fail");
        try
        {
            await WorkerTestHost.EventuallyAsync(async () => (await queue.GetAsync(run.Id))!.Status == RunStatus.Failed, TimeSpan.FromSeconds(60), "run failed");
        }
        finally
        {
            await worker.StopAsync();
        }

        var row = (await queue.GetAsync(run.Id))!;
        Assert.Equal(("sh exited 3", """{"sh":3}""", "test-host:fail"), (row.Error, row.ExitCodes, row.WorkerId));
    }

    [Theory]
    [InlineData("runner:stale_after", "00:00:01", "runner.stale_after")]
    [InlineData("runner:concurrency", "0", "runner.concurrency")]
    [InlineData("runner:poll_interval", "00:01:00", "runner.poll_interval")]
    public async Task Invalid_runner_setting_refuses_to_start_and_names_the_setting(string key, string value, string named)
    {
        var factory = await WorkerTestHost.MigratedDatabaseAsync(DatabaseProvider.Sqlite);
        using var host = WorkerTestHost.Build(factory.Connection, new ShellRunExecutor(), "test-host:bad", new Dictionary<string, string?> { [key] = value });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, e.Message);
    }
}
