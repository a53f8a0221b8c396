using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;

namespace Tapline.Runner.Worker;

/// <summary>
/// The Runner's service mode: claims queued runs up to <c>runner.concurrency</c>, executes each
/// through <see cref="IRunExecutor"/>, heartbeats them, honours cancel requests, reaps runs of
/// dead workers, and on shutdown stops claiming, gives running runs <c>runner.shutdown_grace</c>,
/// then cancels and marks them. Everything it knows lives in the database, so replicas and
/// restarts need no coordination.
/// </summary>
internal sealed class RunWorker(
    RunQueue queue,
    RunQueueSignal signal,
    StateStore state,
    IRunExecutor executor,
    IOptions<RunnerOptions> options,
    WorkerIdentity identity,
    Core.Places.ProjectPlaces places,
    ILogger<RunWorker> logger) : BackgroundService
{
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly ConcurrentDictionary<long, ActiveRun> _active = new();
    private readonly RunnerOptions _options = options.Value;
    private readonly RunReaper _reaper = new(queue, options.Value.StaleAfter, identity.Id);

    /// <summary>Where a run's latest state waits on local disk until the database has it (Meltano's <c>.meltano/run/</c>).</summary>
    private string SpillDirectory => SpillDirectoryOf(places.SysDir);

    internal static string SpillDirectoryOf(string sysDir) => Path.Combine(sysDir, "run", "tapline-state");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var supervision = new CancellationTokenSource();
        signal.CancelRequested += OnCancelNotified;
        try
        {
            if (_options.Listen)
            {
                await signal.StartAsync(stoppingToken);
            }
            logger.LogInformation("Worker {Worker} started: concurrency {Concurrency}, NOTIFY {Listening}", identity, _options.Concurrency, signal.Listening);
            await ReapAtStartAsync(stoppingToken);
            await ReplaySpillsAsync(stoppingToken);
            var supervisor = Task.Run(() => SuperviseAsync(supervision.Token), CancellationToken.None);
            try
            {
                await ClaimLoopAsync(stoppingToken);
            }
            finally
            {
                await DrainAsync();
                await supervision.CancelAsync();
                await supervisor;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown before the signal was up: nothing was claimed.
        }
        finally
        {
            signal.CancelRequested -= OnCancelNotified;
        }
        logger.LogInformation("Worker {Worker} stopped", identity);
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a run queued in between still wakes us.
            var wake = signal.NextWork;
            if (_active.Count < _options.Concurrency)
            {
                RunRecord? run = null;
                try
                {
                    run = await queue.ClaimAsync(identity.Id, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Worker {Worker} could not claim a run; retrying", identity);
                }
                if (run is not null)
                {
                    Start(run);
                    continue;
                }
            }
            await Task.WhenAny(wake, Task.Delay(_options.PollInterval, stoppingToken));
        }
    }

    private void Start(RunRecord run)
    {
        var active = new ActiveRun(run);
        _active[run.Id] = active;
        active.Completion = Task.Run(() => ExecuteOneAsync(active), CancellationToken.None);
    }

    private async Task ExecuteOneAsync(ActiveRun active)
    {
        var run = active.Run;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RunId"] = run.RunId, ["StateId"] = run.StateId });
        using var activity = WorkerTelemetry.StartRun(run, identity.Id);
        RunOutcome outcome;
        var fencedState = state.FencedBy(new RunFence(run.Id, run.LeaseEpoch, SpillDirectory));
        try
        {
            outcome = await executor.ExecuteAsync(run, new RunContext(identity.Id, fencedState, queue), active.Token);
            if (active.StopReason is { } reason && outcome.Status != RunStatus.Success)
            {
                // The plugins died because we killed them: that is a cancel, not a failure.
                outcome = outcome with { Status = RunStatus.Cancelled, Error = reason };
            }
        }
        catch (OperationCanceledException) when (active.StopReason is not null)
        {
            outcome = RunOutcome.Cancelled(active.StopReason);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run {RunId} failed in the executor", run.RunId);
            outcome = RunOutcome.Failed($"{e.GetType().Name}: {e.Message}");
        }

        var leaseLost = false;
        try
        {
            // The run may end only after the state it reached is stored: the next run reads it.
            if (await fencedState.FlushAsync(_options.StoreRetryLimit) is { } stateError && outcome.Status == RunStatus.Success)
            {
                outcome = outcome with
                {
                    Status = RunStatus.Failed,
                    Error = $"Incremental state could not be persisted within runner.store_retry_limit ({_options.StoreRetryLimit}): {stateError.Message}; the latest state is kept in {SpillDirectory}",
                };
            }
        }
        catch (LeaseLostException e)
        {
            leaseLost = true;
            logger.LogWarning("Run {RunId}: {Reason}", run.RunId, e.Message);
        }

        activity?.SetTag("tapline.status", outcome.Status.ToString().ToLowerInvariant());
        if (outcome.Status != RunStatus.Success)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }
        try
        {
            if (active.ClaimLost || leaseLost)
            {
                logger.LogWarning("Run {RunId} is no longer held by {Worker}; its outcome {Status} is not recorded", run.RunId, identity, outcome.Status);
            }
            else if (!await CompleteWithRetryAsync(run, outcome))
            {
                logger.LogWarning("Run {RunId} had been taken from {Worker} (reaped) before it ended {Status}", run.RunId, identity, outcome.Status);
            }
        }
        catch (Exception e)
        {
            // Out of retries: the row stays running until the reaper marks it dead after runner.stale_after.
            logger.LogError(e, "Could not record the end of run {RunId} within runner.store_retry_limit ({Limit})", run.RunId, _options.StoreRetryLimit);
        }
        finally
        {
            _active.TryRemove(run.Id, out _);
            active.Dispose();
            signal.Pulse();
        }
    }

    /// <summary>
    /// Writes the run's end through a database outage, with backoff, for up to
    /// <c>runner.store_retry_limit</c>; meanwhile the supervision loop keeps the run's heartbeat
    /// going, so nobody takes a run that is only waiting for the database for dead.
    /// </summary>
    private async Task<bool> CompleteWithRetryAsync(RunRecord run, RunOutcome outcome)
    {
        var deadline = DateTime.UtcNow + _options.StoreRetryLimit;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await queue.CompleteAsync(run.Id, identity.Id, outcome, CancellationToken.None, run.LeaseEpoch);
            }
            catch (Exception e) when (e is not OutOfMemoryException && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Could not record the end of run {RunId} yet ({Error}); retrying", run.RunId, e.Message);
                await Task.Delay(Backoff[Math.Min(attempt, Backoff.Length - 1)]);
            }
        }
    }

    /// <summary>A worker that starts looks for runs of dead workers at once: it may be the only one left.</summary>
    private async Task ReapAtStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _reaper.ReapAsync(null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Worker {Worker} could not look for dead runs at start; the supervision loop retries", identity);
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var nextHeartbeat = DateTime.UtcNow;
        var nextReap = DateTime.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var ids = _active.Keys.ToArray();
                if (DateTime.UtcNow >= nextHeartbeat)
                {
                    // Advanced only once the heartbeat landed: after a database outage it is retried
                    // every poll, so the gap the outage leaves is as short as it can be.
                    foreach (var lost in await queue.HeartbeatAsync(identity.Id, ids, cancellationToken))
                    {
                        Stop(lost, $"Worker {identity} lost its claim on the run (it was reaped)", claimLost: true);
                    }
                    nextHeartbeat = DateTime.UtcNow + _options.HeartbeatInterval;
                }
                foreach (var id in await queue.CancelRequestedAsync(ids, cancellationToken))
                {
                    Stop(id, "Cancelled on request");
                }
                if (DateTime.UtcNow >= nextReap)
                {
                    nextReap = DateTime.UtcNow + _options.EffectiveReapInterval;
                    await _reaper.ReapAsync(_active.Keys.ToArray(), cancellationToken);
                    await ReplaySpillsAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _reaper.NoteFailure();
                logger.LogWarning(e, "Worker {Worker} supervision round failed; retrying", identity);
            }
            await Task.Delay(_options.PollInterval, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Stores the state a worker that died left under <c>.meltano/run/</c> (once its run was reaped), so the next run
    /// starts where the dead one got to. Failures wait for the next round: the files stay.
    /// </summary>
    private async Task ReplaySpillsAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var replay in await state.ReplaySpillsAsync(SpillDirectory, _active.Keys.ToHashSet(), cancellationToken))
            {
                if (replay.Outcome == SpillOutcome.Waiting)
                {
                    continue;
                }
                logger.LogInformation("State of {StateId} that run row {RunRowId} left in {File}: {Outcome}", replay.StateId, replay.RunRowId, replay.File, replay.Outcome);
                if (replay.Outcome == SpillOutcome.Stored && replay.LogPath is { } log && File.Exists(log))
                {
                    try
                    {
                        await Core.Pipelines.EltLog.AppendAsync(log, Core.Pipelines.EltLog.EngineSource,
                            $"The latest state this run reached, left in {replay.File} when its worker died, was stored by worker {identity}", DateTimeOffset.UtcNow, cancellationToken);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // The state is stored; the note is a courtesy.
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Worker {Worker} could not replay spilled states yet; retrying", identity);
        }
    }

    private void OnCancelNotified(long id) => Stop(id, "Cancelled on request");

    private void Stop(long id, string reason, bool claimLost = false)
    {
        if (_active.TryGetValue(id, out var active))
        {
            logger.LogInformation("Stopping run {RunId}: {Reason}", active.Run.RunId, reason);
            active.Stop(reason, claimLost);
        }
    }

    private async Task DrainAsync()
    {
        var running = _active.Values.ToArray();
        if (running.Length == 0)
        {
            return;
        }
        logger.LogInformation("Worker {Worker} stopping: waiting up to {Grace} for {Count} running run(s)", identity, _options.ShutdownGrace, running.Length);
        var all = Task.WhenAll(running.Select(r => r.Completion));
        if (await Task.WhenAny(all, Task.Delay(_options.ShutdownGrace)) != all)
        {
            foreach (var active in _active.Values)
            {
                active.Stop($"Cancelled: worker {identity} shut down and runner.shutdown_grace ({_options.ShutdownGrace}) ran out");
            }
            await all;
        }
    }
}
