using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Data.Database;
using Tapline.Core.Pipelines;

namespace Tapline.Core.Data.Runs;

/// <summary>
/// The run queue: the <c>runs</c> table. Enqueue, claim (at most one running run per state_id,
/// guarded by the unique partial index), heartbeat, cancel, complete and reap. Thread-safe;
/// every call uses its own short-lived context, so any number of workers in any number of
/// processes can share the database.
/// </summary>
public sealed class RunQueue
{
    private const int MaxClaimAttempts = 50;

    private readonly SystemDbContextFactory _factory;
    private readonly RunQueueSignal? _signal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RunQueue(SystemDbContextFactory factory, RunQueueSignal? signal = null, TimeProvider? time = null, ILogger<RunQueue>? logger = null)
    {
        _factory = factory;
        _signal = signal;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private bool IsPostgres => _factory.Provider == DatabaseProvider.Postgres;

    public async Task<EnqueueResult> EnqueueAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.StateId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Block);
        var run = NewRecord(request, RunStatus.Queued, Now);
        await using var context = _factory.CreateDbContext();
        context.Runs.Add(run);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (request.FireKey is not null && UniqueViolation.Is(e))
        {
            await using var again = _factory.CreateDbContext();
            var existing = await again.Runs.AsNoTracking().SingleAsync(r => r.FireKey == request.FireKey, cancellationToken);
            return new EnqueueResult(existing, false);
        }
        if (IsPostgres)
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_notify({RunQueueChannels.Runs}, {run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)})", cancellationToken);
        }
        _signal?.Pulse();
        _logger.LogInformation("Run {RunId} ({StateId}) queued by {Trigger}", run.RunId, run.StateId, run.Trigger);
        return new EnqueueResult(run, true);
    }

    private static RunRecord NewRecord(RunRequest request, RunStatus status, DateTime queuedAt) => new()
    {
        RunId = Guid.NewGuid(),
        StateId = request.StateId,
        Block = request.Block,
        Status = status,
        Trigger = request.Trigger,
        ScheduleName = request.ScheduleName,
        JobName = request.JobName,
        RequestedBy = request.RequestedBy,
        FireKey = request.FireKey,
        Payload = request.Payload,
        TraceParent = request.TraceParent ?? Activity.Current?.Id,
        QueuedAt = queuedAt,
    };

    /// <summary>
    /// Records a run that this process executes itself, at once (<c>tapline run</c>, trigger cli):
    /// inserted as running, so the UI sees it. Throws <see cref="StateIdBusyException"/> when a run
    /// of the same state_id is running. Keep it alive with <see cref="RunLease"/>.
    /// </summary>
    public async Task<RunRecord> StartDirectAsync(RunRequest request, string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.StateId);
        var now = Now;
        var run = NewRecord(request, RunStatus.Running, now);
        run.StartedAt = now;
        run.HeartbeatAt = now;
        run.WorkerId = workerId;
        run.LeaseEpoch = 1;
        await using var context = _factory.CreateDbContext();
        context.Runs.Add(run);
        try
        {
            // As in ClaimAsync: a commit cancelled on the client can still land on the server and
            // leave a running row nobody executes, so the insert is not cancellable.
            await context.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            throw new StateIdBusyException(request.StateId);
        }
        _logger.LogInformation("Run {RunId} ({StateId}) started directly by {Worker}", run.RunId, run.StateId, workerId);
        return run;
    }

    /// <summary>
    /// Claims the oldest queued run whose state_id has no running run, marking it running for
    /// <paramref name="workerId"/>; null when there is none.
    /// </summary>
    public async Task<RunRecord?> ClaimAsync(string workerId, CancellationToken cancellationToken = default)
    {
        var lost = new List<long>();
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            await using var context = _factory.CreateDbContext();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var candidate = (await Candidates(context, lost).ToListAsync(cancellationToken)).FirstOrDefault();
            if (candidate is null)
            {
                return null;
            }
            var now = Now;
            candidate.Status = RunStatus.Running;
            candidate.WorkerId = workerId;
            candidate.StartedAt = now;
            candidate.HeartbeatAt = now;
            candidate.LeaseEpoch++;
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                // Not cancellable: a commit cancelled on the client may still land on the server, and a
                // claim the caller never hears of stays running, unexecuted, until the reaper calls it dead.
                await transaction.CommitAsync(CancellationToken.None);
                _logger.LogInformation("Run {RunId} ({StateId}) claimed by {Worker}", candidate.RunId, candidate.StateId, workerId);
                return candidate;
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // Another worker started a run of this state_id first; the index said no. Try the next row.
                await transaction.RollbackAsync(CancellationToken.None);
                lost.Add(candidate.Id);
            }
        }
        return null;
    }

    private IQueryable<RunRecord> Candidates(SystemDbContext context, List<long> skip)
    {
        // Ids are longs we produced: safe to inline, and it keeps one statement text per count.
        var notIn = skip.Count == 0 ? "" : $"AND r.id NOT IN ({string.Join(',', skip)})";
        var sql = $"""
            SELECT r.* FROM runs r
            WHERE r.status = 'queued' {notIn}
              AND NOT EXISTS (SELECT 1 FROM runs x WHERE x.state_id = r.state_id AND x.status = 'running')
            ORDER BY r.id
            LIMIT 1
            """;
        if (IsPostgres)
        {
            sql += " FOR UPDATE SKIP LOCKED";
        }
#pragma warning disable EF1002 // The only interpolated values are ids of our own rows (longs).
        return context.Runs.FromSqlRaw(sql).AsTracking();
#pragma warning restore EF1002
    }

    /// <summary>
    /// Refreshes heartbeat_at of the runs this worker holds; returns the ids it no longer holds
    /// (reaped, or never claimed by it) so the worker stops them.
    /// </summary>
    public async Task<IReadOnlySet<long>> HeartbeatAsync(string workerId, IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default)
    {
        if (runIds.Count == 0)
        {
            return new HashSet<long>();
        }
        var now = Now;
        await using var context = _factory.CreateDbContext();
        await context.Runs
            .Where(r => runIds.Contains(r.Id) && r.WorkerId == workerId && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        var held = await context.Runs.AsNoTracking()
            .Where(r => runIds.Contains(r.Id) && r.WorkerId == workerId && r.Status == RunStatus.Running)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        return runIds.Except(held).ToHashSet();
    }

    /// <summary>The ids among <paramref name="runIds"/> whose cancel was requested.</summary>
    public async Task<IReadOnlySet<long>> CancelRequestedAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default)
    {
        if (runIds.Count == 0)
        {
            return new HashSet<long>();
        }
        await using var context = _factory.CreateDbContext();
        var ids = await context.Runs.AsNoTracking()
            .Where(r => runIds.Contains(r.Id) && r.CancelRequested)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        return ids.ToHashSet();
    }

    /// <summary>
    /// Cancels a run: a queued run becomes cancelled at once; a running one gets its
    /// cancel_requested flag (and a NOTIFY) and its worker stops it. False when it had already ended.
    /// </summary>
    public async Task<bool> RequestCancelAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var context = _factory.CreateDbContext();
        var dequeued = await context.Runs
            .Where(r => r.Id == id && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Cancelled)
                .SetProperty(r => r.CancelRequested, true)
                .SetProperty(r => r.EndedAt, now)
                .SetProperty(r => r.Error, "Cancelled before it started"), cancellationToken);
        if (dequeued > 0)
        {
            return true;
        }
        var flagged = await context.Runs
            .Where(r => r.Id == id && r.Status == RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelRequested, true), cancellationToken);
        if (flagged > 0 && IsPostgres)
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_notify({RunQueueChannels.Cancel}, {id.ToString(System.Globalization.CultureInfo.InvariantCulture)})", cancellationToken);
        }
        return flagged > 0;
    }

    /// <summary>Records where the run's log is, as soon as the executor knows (the UI tails it).</summary>
    public async Task SetLogPathAsync(long id, string logPath, CancellationToken cancellationToken = default)
    {
        await using var context = _factory.CreateDbContext();
        await context.Runs.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.LogPath, logPath), cancellationToken);
    }

    /// <summary>
    /// Writes the outcome of a run this worker holds. False when the row is no longer the
    /// worker's (it was reaped as dead meanwhile): the reaper's verdict stands. With
    /// <paramref name="leaseEpoch"/> the database also refuses a writer whose lease was superseded.
    /// </summary>
    public async Task<bool> CompleteAsync(long id, string workerId, RunOutcome outcome, CancellationToken cancellationToken = default, long? leaseEpoch = null)
    {
        if (outcome.Status is RunStatus.Queued or RunStatus.Running)
        {
            throw new ArgumentException($"A run cannot complete as {outcome.Status}.", nameof(outcome));
        }
        var now = Now;
        var exitCodes = outcome.ExitCodes is null ? null : JsonSerializer.Serialize(outcome.ExitCodes);
        var streams = outcome.StreamCounts is null ? null : JsonSerializer.Serialize(outcome.StreamCounts);
        await using var context = _factory.CreateDbContext();
        var updated = await context.Runs
            .Where(r => r.Id == id && r.WorkerId == workerId && r.Status == RunStatus.Running && (leaseEpoch == null || r.LeaseEpoch == leaseEpoch))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, outcome.Status)
                .SetProperty(r => r.EndedAt, now)
                .SetProperty(r => r.HeartbeatAt, now)
                .SetProperty(r => r.Error, outcome.Error)
                .SetProperty(r => r.ExitCodes, exitCodes)
                .SetProperty(r => r.StreamCounts, streams)
                .SetProperty(r => r.Records, outcome.Records)
                .SetProperty(r => r.Metrics, outcome.Metrics)
                .SetProperty(r => r.LogPath, r => outcome.LogPath ?? r.LogPath), cancellationToken);
        if (updated > 0)
        {
            _logger.LogInformation("Run {RunRowId} ended {Status}", id, outcome.Status);
        }
        return updated > 0;
    }

    /// <summary>
    /// Meltano's <c>run --force</c>: running runs of <paramref name="stateId"/> are marked dead with
    /// <paramref name="reason"/> so a new run may start; their workers find the claim lost at the next heartbeat.
    /// </summary>
    public async Task<int> ForceReleaseAsync(string stateId, string reason, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var context = _factory.CreateDbContext();
        var running = await context.Runs.AsNoTracking()
            .Where(r => r.StateId == stateId && r.Status == RunStatus.Running)
            .Select(r => new { r.Id, r.LogPath })
            .ToListAsync(cancellationToken);
        var released = 0;
        foreach (var run in running)
        {
            released += await context.Runs
                .Where(r => r.Id == run.Id && r.Status == RunStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Dead)
                    .SetProperty(r => r.LeaseEpoch, r => r.LeaseEpoch + 1)
                    .SetProperty(r => r.EndedAt, now)
                    .SetProperty(r => r.Error, reason), cancellationToken);
            await AppendToLogAsync(run.LogPath, reason, now, cancellationToken);
        }
        return released;
    }

    /// <summary>
    /// Marks running runs without a heartbeat for longer than <paramref name="staleAfter"/> as
    /// dead, with the reason in the row and appended to the run's log when it exists, and raises
    /// their lease epoch so the old holder can no longer write. Several reapers may race: each row
    /// is reaped once. <paramref name="alive"/> are the reaper's own running runs: a worker that is
    /// reaping is alive, so its runs are never declared dead, however late their last heartbeat landed.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> ReapStaleAsync(TimeSpan staleAfter, string reaperId, CancellationToken cancellationToken = default, IReadOnlyCollection<long>? alive = null)
    {
        var now = Now;
        var cutoff = now - staleAfter;
        var spared = alive ?? [];
        await using var context = _factory.CreateDbContext();
        var stale = await context.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Running && (r.HeartbeatAt ?? r.StartedAt ?? r.QueuedAt) < cutoff && !spared.Contains(r.Id))
            .ToListAsync(cancellationToken);
        var reaped = new List<RunRecord>();
        foreach (var run in stale)
        {
            var last = run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt;
            var reason = $"Run marked dead by {reaperId}: no heartbeat from worker {run.WorkerId ?? "(unknown)"} since {last:O} " +
                         $"(runner.stale_after is {staleAfter}); the worker most likely died.";
            var won = await context.Runs
                .Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.HeartbeatAt == run.HeartbeatAt && r.LeaseEpoch == run.LeaseEpoch)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Dead)
                    .SetProperty(r => r.LeaseEpoch, r => r.LeaseEpoch + 1)
                    .SetProperty(r => r.EndedAt, now)
                    .SetProperty(r => r.Error, reason), cancellationToken);
            if (won == 0)
            {
                continue;
            }
            run.Status = RunStatus.Dead;
            run.EndedAt = now;
            run.Error = reason;
            reaped.Add(run);
            _logger.LogWarning("Run {RunId} ({StateId}) marked dead: no heartbeat from {Worker} since {LastHeartbeat}", run.RunId, run.StateId, run.WorkerId, last);
            await AppendToLogAsync(run.LogPath, reason, now, cancellationToken);
        }
        if (reaped.Count > 0)
        {
            // Queued runs of these state_ids can go now.
            _signal?.Pulse();
            if (IsPostgres)
            {
                await context.Database.ExecuteSqlAsync($"SELECT pg_notify({RunQueueChannels.Runs}, '')", cancellationToken);
            }
        }
        return reaped;
    }

    private async Task AppendToLogAsync(string? logPath, string reason, DateTime now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(logPath) || !File.Exists(logPath))
        {
            return;
        }
        try
        {
            await EltLog.AppendAsync(logPath, EltLog.EngineSource, reason, new DateTimeOffset(now, TimeSpan.Zero), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The row already carries the reason; a log on another host's disk is not ours to fix.
            _logger.LogWarning(e, "Could not append the reap reason to {LogPath}", logPath);
        }
    }

    public async Task<RunRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var context = _factory.CreateDbContext();
        return await context.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<RunRecord?> GetByRunIdAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var context = _factory.CreateDbContext();
        return await context.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.RunId == runId, cancellationToken);
    }
}
