using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Runner.Tests.Cli;
using Tapline.TestSupport;
using Xunit.Abstractions;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// The queue's guarantees with real <c>tapline worker</c> processes and real plugin processes
/// (shell scripts), on a real PostgreSQL 15 (each test its own database) and on the project's
/// default SQLite file (<c>.meltano/meltano.db</c>) where the behaviour applies.
/// </summary>
public sealed class MultiProcessWorkerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Healthy = TimeSpan.FromMinutes(2);

    private readonly MultiProcessProject _project = MultiProcessProject.Create();
    private readonly List<MultiProcessWorker> _workers = [];
    private Dictionary<string, string> _database = [];
    private SystemDbContextFactory _factory = null!;
    private RunQueue _queue = null!;
    private StateStore _state = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// A fresh system database for the test: its own PostgreSQL database (handed to the processes as
    /// <c>ConnectionStrings__systemdb</c>), or the project's default SQLite file (nothing to hand over).
    /// </summary>
    private async Task UseDatabaseAsync(DatabaseProvider provider)
    {
        SystemDatabaseConnection connection;
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("tapline_multiproc_tests_db");
            connection = SystemDatabaseConnection.FromNpgsqlConnectionString(connectionString);
            _database = new Dictionary<string, string> { ["ConnectionStrings__systemdb"] = connectionString };
        }
        else
        {
            connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", _project.Root);
            _database = [];
        }
        _factory = await SystemDatabase.MigrateAsync(connection);
        _queue = new RunQueue(_factory);
        _state = new StateStore(_factory);
    }

    public async Task DisposeAsync()
    {
        foreach (var hold in Directory.GetFiles(Path.Combine(_project.Root, "hold")))
        {
            File.Delete(hold);
        }
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
        // Plugins orphaned by a killed worker are this test's children's children: end them by pid.
        foreach (var pid in _project.PluginProcesses())
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private MultiProcessWorker StartWorker(IDictionary<string, string>? settings = null, IReadOnlyDictionary<string, string>? database = null)
    {
        var worker = MultiProcessWorker.Start(_project.Root, database ?? _database, settings);
        _workers.Add(worker);
        return worker;
    }

    private async Task<RunRecord> EnqueueAsync(string key) => (await _queue.EnqueueAsync(MultiProcessProject.Request(key))).Run;

    private async Task<RunStatus> StatusAsync(long id) => (await _queue.GetAsync(id))!.Status;

    private Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what) =>
        WorkerTestHost.EventuallyAsync(condition, within, $"{what}\n--- workers ---\n{string.Join("\n---\n", _workers.Select(w => w.Output))}");

    private Task UntilTapStartedAsync(string key, int count) =>
        UntilAsync(() => Task.FromResult(_project.Ledger().Any(l => l.Key == key && l.Count == count && l.Event == "start")),
            TimeSpan.FromMinutes(1), $"the tap of {key} started run {count}");

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Three_worker_processes_execute_each_of_200_queued_runs_exactly_once(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const int keys = 50;
        const int perKey = 4;
        var names = Enumerable.Range(0, keys).Select(i => $"bulk{i:00}").ToList();
        foreach (var key in names)
        {
            await MultiProcessProject.SeedAsync(_state, MultiProcessProject.StateIdOf(key), key);
        }
        for (var round = 0; round < perKey; round++)
        {
            foreach (var key in names)
            {
                await EnqueueAsync(key);
            }
        }

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker()).ToList();
        await UntilAsync(async () =>
        {
            await using var db = _factory.CreateDbContext();
            return await db.Runs.CountAsync(r => r.Status != RunStatus.Queued && r.Status != RunStatus.Running) == keys * perKey;
        }, TimeSpan.FromMinutes(8), "all 200 runs ended");

        await using (var db = _factory.CreateDbContext())
        {
            var failed = await db.Runs.Where(r => r.Status != RunStatus.Success).Select(r => $"{r.StateId} {r.Status} {r.Error}").ToListAsync();
            Assert.Empty(failed);
            Assert.Equal(keys * perKey, await db.Runs.CountAsync());
            var claimers = await db.Runs.GroupBy(r => r.WorkerId).Select(g => new { Worker = g.Key, Runs = g.Count() }).ToListAsync();
            Assert.All(claimers, c => Assert.Contains(c.Worker, workers.Select(w => w.WorkerId)));
            // Reported, not asserted: speed belongs to the benchmarks.
            var first = await db.Runs.MinAsync(r => r.StartedAt);
            var last = await db.Runs.MaxAsync(r => r.EndedAt);
            output.WriteLine($"{provider}: 200 runs from first claim to last end in {(last - first)!.Value.TotalSeconds:0.0} s; " +
                             string.Join(", ", claimers.Select(c => $"{c.Worker} ran {c.Runs}")));
        }
        var ledger = _project.Ledger();
        Assert.Equal(keys * perKey, ledger.Count(l => l.Event == "start"));
        foreach (var key in names)
        {
            // Each run of a state id read the state the one before saved: 1..4, each once, none twice.
            Assert.Equal([1, 2, 3, 4], ledger.Where(l => l.Key == key && l.Event == "start").Select(l => l.Count).Order());
            Assert.Equal([1, 2, 3, 4], ledger.Where(l => l.Key == key && l.Event == "end").Select(l => l.Count).Order());
            Assert.Equal(perKey, await MultiProcessProject.SavedCountAsync(_state, MultiProcessProject.StateIdOf(key)));
            AssertNoOverlap(ledger, key);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Run_of_a_worker_killed_with_sigkill_is_reaped_dead_keeps_its_saved_state_and_its_state_id_runs_again(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const string key = "orphan";
        var stateId = MultiProcessProject.StateIdOf(key);
        await MultiProcessProject.SeedAsync(_state, stateId, key);
        _project.Hold(key);
        var doomed = StartWorker(new Dictionary<string, string> { ["runner__concurrency"] = "1" });
        var orphan = await EnqueueAsync(key);
        await UntilTapStartedAsync(key, 1);
        await UntilAsync(async () => await MultiProcessProject.SavedCountAsync(_state, stateId) == 1, TimeSpan.FromMinutes(1), "the tap's state was saved");
        Assert.Equal(RunStatus.Running, await StatusAsync(orphan.Id));

        // The survivor is idle (nothing else is queued) and reaps with a test-sized stale limit.
        var survivor = StartWorker(new Dictionary<string, string> { ["runner__stale_after"] = "00:00:03", ["runner__heartbeat_interval"] = "00:00:01" });
        await survivor.WaitHealthyAsync(Healthy);
        doomed.KillHard();
        await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30));

        await UntilAsync(async () => await StatusAsync(orphan.Id) == RunStatus.Dead, TimeSpan.FromMinutes(1), "the orphaned run was reaped");
        var dead = (await _queue.GetAsync(orphan.Id))!;
        Assert.Contains($"no heartbeat from worker {doomed.WorkerId}", dead.Error);
        // The reaper appends its reason to elt.log right after it wins the row (so two reapers never both write it):
        // the status can be seen a moment before the line.
        await UntilAsync(async () => (await File.ReadAllTextAsync(dead.LogPath!)).Contains("marked dead", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the reaper's reason was appended to elt.log");
        Assert.Equal(1, await MultiProcessProject.SavedCountAsync(_state, stateId));

        _project.Release(key);
        var again = await EnqueueAsync(key);
        await UntilAsync(async () => await StatusAsync(again.Id) == RunStatus.Success, TimeSpan.FromMinutes(1), "the state id ran again");
        Assert.Equal(2, await MultiProcessProject.SavedCountAsync(_state, stateId));
        Assert.Contains(_project.Ledger(), l => l is { Key: key, Count: 2, Event: "end" });
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Cancel_request_ends_the_plugin_processes_within_5_seconds_and_marks_the_run_cancelled(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const string key = "cancelme";
        await MultiProcessProject.SeedAsync(_state, MultiProcessProject.StateIdOf(key), key);
        _project.Hold(key);
        StartWorker();
        var run = await EnqueueAsync(key);
        await UntilTapStartedAsync(key, 1);
        Assert.NotEmpty(_project.PluginProcesses());

        var requested = Stopwatch.StartNew();
        Assert.True(await _queue.RequestCancelAsync(run.Id));

        await UntilAsync(async () => _project.PluginProcesses().Count == 0 && await StatusAsync(run.Id) == RunStatus.Cancelled,
            TimeSpan.FromSeconds(5), "plugin processes gone and the run cancelled");
        output.WriteLine($"{provider}: plugins gone and run cancelled {requested.ElapsedMilliseconds} ms after the request");
        Assert.Equal("Cancelled on request", (await _queue.GetAsync(run.Id))!.Error);
        Assert.DoesNotContain(_project.Ledger(), l => l.Event == "end");
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Runs_of_one_state_id_queued_to_two_worker_processes_never_run_at_once(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const string key = "shared";
        const int runs = 16;
        var stateId = MultiProcessProject.StateIdOf(key);
        await MultiProcessProject.SeedAsync(_state, stateId, key);
        _project.Dwell(key, 0.3);
        var ids = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            ids.Add((await EnqueueAsync(key)).Id);
        }
        StartWorker(new Dictionary<string, string> { ["runner__concurrency"] = "4" });
        StartWorker(new Dictionary<string, string> { ["runner__concurrency"] = "4" });

        var maxRunning = 0;
        await UntilAsync(async () =>
        {
            await using var db = _factory.CreateDbContext();
            maxRunning = Math.Max(maxRunning, await db.Runs.CountAsync(r => r.StateId == stateId && r.Status == RunStatus.Running));
            return await db.Runs.CountAsync(r => r.Status == RunStatus.Success) == runs;
        }, TimeSpan.FromMinutes(4), $"all {runs} runs of {key} succeeded");

        var ledger = _project.Ledger();
        var ledgerText = await File.ReadAllTextAsync(_project.LedgerPath);
        Assert.True(maxRunning == 1, $"{maxRunning} runs of {key} seen running at once");
        // Each run read the state the one before saved: 1..16, each once.
        Assert.True(ledger.Where(l => l.Event == "start").Select(l => l.Count).Order().SequenceEqual(Enumerable.Range(1, runs)), $"tap starts:\n{ledgerText}");
        AssertNoOverlap(ledger, key);
        Assert.Equal(runs, await MultiProcessProject.SavedCountAsync(_state, stateId));
        await using var check = _factory.CreateDbContext();
        var rows = await check.Runs.Where(r => r.StateId == stateId).OrderBy(r => r.StartedAt).ToListAsync();
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i - 1].EndedAt <= rows[i].StartedAt,
                $"run {rows[i].Id} started at {rows[i].StartedAt:O} by {rows[i].WorkerId} before run {rows[i - 1].Id} ended at {rows[i - 1].EndedAt:O} by {rows[i - 1].WorkerId}");
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Two_cli_runs_of_one_block_at_once_run_one_and_refuse_the_other(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        await MultiProcessProject.SeedAsync(_state, MultiProcessProject.CliStateId, "cli");
        _project.Hold("cli");
        var env = _database;
        var first = TaplineProcess.RunAsync(["run", "tap-count", "target-echo"], _project.Root, env);
        await UntilTapStartedAsync("cli", 1);

        var second = await TaplineProcess.RunAsync(["run", "tap-count", "target-echo"], _project.Root, env);
        _project.Release("cli");
        var firstResult = await first;

        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains($"a run of state id '{MultiProcessProject.CliStateId}' is already running", second.Stderr);
        Assert.True(firstResult.ExitCode == 0, firstResult.ToString());
        Assert.Equal([1], _project.Ledger().Where(l => l.Event == "start").Select(l => l.Count));
        await using var db = _factory.CreateDbContext();
        var row = Assert.Single(await db.Runs.ToListAsync());
        Assert.Equal((RunTrigger.Cli, RunStatus.Success), (row.Trigger, row.Status));
    }

    [Fact]
    public async Task Three_worker_processes_started_at_once_on_an_empty_postgres_all_migrate_and_serve_health()
    {
        // Not even the database exists: each worker may try to create it, then they migrate under the advisory lock.
        var pg = await PostgresServer.GetAsync();
        var fresh = new NpgsqlConnectionStringBuilder(pg.AdminConnectionString)
        {
            Database = $"tapline_empty_{Guid.NewGuid():N}"[..40],
            Pooling = true,
        }.ConnectionString;

        var workers = Enumerable.Range(0, 3).Select(_ => StartWorker(database: new Dictionary<string, string> { ["ConnectionStrings__systemdb"] = fresh })).ToList();
        await Task.WhenAll(workers.Select(w => w.WaitHealthyAsync(Healthy)));

        var factory = new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(fresh));
        await using (var db = factory.CreateDbContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        var queue = new RunQueue(factory);
        await MultiProcessProject.SeedAsync(new StateStore(factory), MultiProcessProject.StateIdOf("fresh"), "fresh");
        var run = (await queue.EnqueueAsync(MultiProcessProject.Request("fresh"))).Run;
        await UntilAsync(async () => (await queue.GetAsync(run.Id))!.Status == RunStatus.Success, TimeSpan.FromMinutes(1), "a run on the fresh database succeeded");
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Sigterm_stops_claiming_and_lets_a_running_run_finish_within_the_grace(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const string key = "graceful";
        await MultiProcessProject.SeedAsync(_state, MultiProcessProject.StateIdOf(key), key);
        await MultiProcessProject.SeedAsync(_state, MultiProcessProject.StateIdOf("late"), "late");
        _project.Hold(key);
        var worker = StartWorker(new Dictionary<string, string> { ["runner__shutdown_grace"] = "00:01:00", ["runner__concurrency"] = "4" });
        var run = await EnqueueAsync(key);
        await UntilTapStartedAsync(key, 1);

        worker.Terminate();
        await worker.WaitForOutputAsync("stopping: waiting up to", TimeSpan.FromSeconds(30));
        var late = await EnqueueAsync("late");
        _project.Release(key);
        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == 0, $"exit {exit}:\n{worker.Output}");
        Assert.Equal(RunStatus.Success, await StatusAsync(run.Id));
        Assert.Equal(RunStatus.Queued, await StatusAsync(late.Id));
        Assert.DoesNotContain(_project.Ledger(), l => l.Key == "late");
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Sigterm_cancels_and_marks_a_run_that_outlasts_the_grace(DatabaseProvider provider)
    {
        await UseDatabaseAsync(provider);
        const string key = "stubborn";
        await MultiProcessProject.SeedAsync(_state, MultiProcessProject.StateIdOf(key), key);
        _project.Hold(key);
        var worker = StartWorker(new Dictionary<string, string> { ["runner__shutdown_grace"] = "00:00:02" });
        var run = await EnqueueAsync(key);
        await UntilTapStartedAsync(key, 1);

        worker.Terminate();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == 0, $"exit {exit}:\n{worker.Output}");
        var cancelled = (await _queue.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Contains("shut down", cancelled.Error);
        await UntilAsync(() => Task.FromResult(_project.PluginProcesses().Count == 0), TimeSpan.FromSeconds(5), "plugin processes gone");
        Assert.DoesNotContain(_project.Ledger(), l => l.Event == "end");
    }

    /// <summary>The taps of one state id ran one after another: each ended before the next started.</summary>
    private static void AssertNoOverlap(IReadOnlyList<LedgerLine> ledger, string key)
    {
        var spans = ledger.Where(l => l.Key == key && l.Event == "start")
            .Select(s => (s.Count, Start: s.Nanos, End: ledger.Single(e => e.Key == key && e.Event == "end" && e.Count == s.Count && e.Pid == s.Pid).Nanos))
            .OrderBy(s => s.Start)
            .ToList();
        for (var i = 1; i < spans.Count; i++)
        {
            Assert.True(spans[i - 1].End <= spans[i].Start, $"{key}: tap run {spans[i].Count} started before tap run {spans[i - 1].Count} ended");
        }
    }
}
