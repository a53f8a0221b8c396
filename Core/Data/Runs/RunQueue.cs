using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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

    // Plain SQL: the queue's statements run in every short-lived CLI run, where EF's start would cost more than the run.
    private SystemDbSql Sql => _factory.Sql;

    public async Task<EnqueueResult> EnqueueAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.StateId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Block);
        var run = NewRecord(request, RunStatus.Queued, Now);
        await using var connection = await Sql.OpenAsync(cancellationToken);
        try
        {
            await InsertAsync(connection, run, cancellationToken);
        }
        catch (DbException e) when (request.FireKey is not null && UniqueViolation.InSql(e))
        {
            var existing = (await SelectAsync(connection, null, "fire_key = @key", cancellationToken, ("key", request.FireKey))).Single();
            return new EnqueueResult(existing, false);
        }
        await NotifyAsync(connection, RunQueueChannels.Runs, run.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
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
        await using var connection = await Sql.OpenAsync(cancellationToken);
        try
        {
            // As in ClaimAsync: a commit cancelled on the client can still land on the server and
            // leave a running row nobody executes, so the insert is not cancellable.
            await InsertAsync(connection, run, CancellationToken.None);
        }
        catch (DbException e) when (UniqueViolation.InSql(e))
        {
            throw new StateIdBusyException(request.StateId);
        }
        _logger.LogInformation("Run {RunId} ({StateId}) started directly by {Worker}", run.RunId, run.StateId, workerId);
        return run;
    }

    /// <summary>The one INSERT of a run row; sets <see cref="RunRecord.Id"/>.</summary>
    private async Task InsertAsync(DbConnection connection, RunRecord run, CancellationToken cancellationToken)
    {
        await using var insert = Sql.Command(connection, $"""
            INSERT INTO runs ({SystemDbSql.RunColumns[4..]})
            VALUES (@run_id, @state_id, @status, @trigger, @schedule_name, @job_name, @block, @requested_by, @queued_at, @started_at, @ended_at,
                    @heartbeat_at, @worker_id, @lease_epoch, @exit_codes, @error, @stream_counts, @records, @log_path, @trace_parent, @cancel_requested, @fire_key, @payload)
            RETURNING id
            """, null,
            ("run_id", run.RunId), ("state_id", run.StateId), ("status", run.Status), ("trigger", run.Trigger), ("schedule_name", run.ScheduleName),
            ("job_name", run.JobName), ("block", run.Block), ("requested_by", run.RequestedBy), ("queued_at", run.QueuedAt), ("started_at", run.StartedAt),
            ("ended_at", run.EndedAt), ("heartbeat_at", run.HeartbeatAt), ("worker_id", run.WorkerId), ("lease_epoch", run.LeaseEpoch), ("exit_codes", run.ExitCodes),
            ("error", run.Error), ("stream_counts", run.StreamCounts), ("records", run.Records), ("log_path", run.LogPath), ("trace_parent", run.TraceParent),
            ("cancel_requested", run.CancelRequested), ("fire_key", run.FireKey), ("payload", run.Payload));
        run.Id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<List<RunRecord>> SelectAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var runs = new List<RunRecord>();
        await using var select = Sql.Command(connection, $"SELECT {SystemDbSql.RunColumns} FROM runs r WHERE {where}", transaction, parameters);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(SystemDbSql.ReadRun(reader));
        }
        return runs;
    }

    private async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = Sql.Command(connection, sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task NotifyAsync(DbConnection connection, string channel, string payload, CancellationToken cancellationToken)
    {
        if (Sql.IsPostgres)
        {
            await ExecuteAsync(connection, null, "SELECT pg_notify(@channel, @payload)", cancellationToken, ("channel", channel), ("payload", payload));
        }
    }

    // Ids are longs we produced: safe to inline, and it keeps one statement text per count.
    private static string IdList(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Claims the oldest queued run whose state_id has no running run, marking it running for
    /// <paramref name="workerId"/>; null when there is none.
    /// </summary>
    public async Task<RunRecord?> ClaimAsync(string workerId, CancellationToken cancellationToken = default)
    {
        var lost = new List<long>();
        await using var connection = await Sql.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var notIn = lost.Count == 0 ? "" : $"AND r.id NOT IN ({IdList(lost)})";
            var where = $"""
                r.status = 'queued' {notIn}
                  AND NOT EXISTS (SELECT 1 FROM runs x WHERE x.state_id = r.state_id AND x.status = 'running')
                ORDER BY r.id
                LIMIT 1
                """;
            if (Sql.IsPostgres)
            {
                where += " FOR UPDATE SKIP LOCKED";
            }
            var candidate = (await SelectAsync(connection, transaction, where, cancellationToken)).FirstOrDefault();
            if (candidate is null)
            {
                return null;
            }
            var now = Now;
            try
            {
                await ExecuteAsync(connection, transaction,
                    "UPDATE runs SET status = 'running', worker_id = @worker, started_at = @now, heartbeat_at = @now, lease_epoch = lease_epoch + 1 WHERE id = @id",
                    cancellationToken, ("worker", workerId), ("now", now), ("id", candidate.Id));
                // Not cancellable: a commit cancelled on the client may still land on the server, and a
                // claim the caller never hears of stays running, unexecuted, until the reaper calls it dead.
                await transaction.CommitAsync(CancellationToken.None);
            }
            catch (DbException e) when (UniqueViolation.InSql(e))
            {
                // Another worker started a run of this state_id first; the index said no. Try the next row.
                await transaction.RollbackAsync(CancellationToken.None);
                lost.Add(candidate.Id);
                continue;
            }
            candidate.Status = RunStatus.Running;
            candidate.WorkerId = workerId;
            candidate.StartedAt = now;
            candidate.HeartbeatAt = now;
            candidate.LeaseEpoch++;
            _logger.LogInformation("Run {RunId} ({StateId}) claimed by {Worker}", candidate.RunId, candidate.StateId, workerId);
            return candidate;
        }
        return null;
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
        var held = $"id IN ({IdList(runIds)}) AND worker_id = @worker AND status = 'running'";
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"UPDATE runs SET heartbeat_at = @now WHERE {held}", cancellationToken, ("now", Now), ("worker", workerId));
        var still = await SelectIdsAsync(connection, $"SELECT id FROM runs WHERE {held}", cancellationToken, ("worker", workerId));
        return runIds.Except(still).ToHashSet();
    }

    private async Task<HashSet<long>> SelectIdsAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var ids = new HashSet<long>();
        await using var select = Sql.Command(connection, sql, null, parameters);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }

    /// <summary>The ids among <paramref name="runIds"/> whose cancel was requested.</summary>
    public async Task<IReadOnlySet<long>> CancelRequestedAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default)
    {
        if (runIds.Count == 0)
        {
            return new HashSet<long>();
        }
        await using var connection = await Sql.OpenAsync(cancellationToken);
        return await SelectIdsAsync(connection, $"SELECT id FROM runs WHERE id IN ({IdList(runIds)}) AND cancel_requested = @yes", cancellationToken, ("yes", true));
    }

    /// <summary>
    /// Cancels a run: a queued run becomes cancelled at once; a running one gets its
    /// cancel_requested flag (and a NOTIFY) and its worker stops it. False when it had already ended.
    /// </summary>
    public async Task<bool> RequestCancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        var dequeued = await ExecuteAsync(connection, null,
            "UPDATE runs SET status = 'cancelled', cancel_requested = @yes, ended_at = @now, error = @error WHERE id = @id AND status = 'queued'",
            cancellationToken, ("yes", true), ("now", Now), ("error", "Cancelled before it started"), ("id", id));
        if (dequeued > 0)
        {
            return true;
        }
        var flagged = await ExecuteAsync(connection, null, "UPDATE runs SET cancel_requested = @yes WHERE id = @id AND status = 'running'",
            cancellationToken, ("yes", true), ("id", id));
        if (flagged > 0)
        {
            await NotifyAsync(connection, RunQueueChannels.Cancel, id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
        return flagged > 0;
    }

    /// <summary>Records where the run's log is, as soon as the executor knows (the UI tails it).</summary>
    public async Task SetLogPathAsync(long id, string logPath, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "UPDATE runs SET log_path = @path WHERE id = @id", cancellationToken, ("path", logPath), ("id", id));
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
        var exitCodes = outcome.ExitCodes is null ? null : JsonSerializer.Serialize(outcome.ExitCodes, RunJsonContext.Default.IReadOnlyDictionaryStringInt32);
        var streams = outcome.StreamCounts is null ? null : JsonSerializer.Serialize(outcome.StreamCounts, RunJsonContext.Default.IReadOnlyDictionaryStringStreamTotals);
        await using var connection = await Sql.OpenAsync(cancellationToken);
        var updated = await ExecuteAsync(connection, null, $"""
            UPDATE runs SET status = @status, ended_at = @now, heartbeat_at = @now, error = @error, exit_codes = @exit_codes,
                            stream_counts = @streams, records = @records, metrics = @metrics, log_path = COALESCE(@log_path, log_path)
            WHERE id = @id AND worker_id = @worker AND status = 'running'{(leaseEpoch is null ? "" : " AND lease_epoch = @epoch")}
            """, cancellationToken,
            ("status", outcome.Status), ("now", now), ("error", outcome.Error), ("exit_codes", exitCodes), ("streams", streams),
            ("records", outcome.Records), ("metrics", outcome.Metrics), ("log_path", outcome.LogPath), ("id", id), ("worker", workerId), ("epoch", leaseEpoch));
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
        await using var connection = await Sql.OpenAsync(cancellationToken);
        var running = await SelectAsync(connection, null, "state_id = @state AND status = 'running'", cancellationToken, ("state", stateId));
        var released = 0;
        foreach (var run in running)
        {
            released += await ExecuteAsync(connection, null,
                "UPDATE runs SET status = 'dead', lease_epoch = lease_epoch + 1, ended_at = @now, error = @reason WHERE id = @id AND status = 'running'",
                cancellationToken, ("now", now), ("reason", reason), ("id", run.Id));
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
        var spared = alive is { Count: > 0 } ? $" AND id NOT IN ({IdList(alive)})" : "";
        await using var connection = await Sql.OpenAsync(cancellationToken);
        var stale = await SelectAsync(connection, null, $"status = 'running' AND COALESCE(heartbeat_at, started_at, queued_at) < @cutoff{spared}",
            cancellationToken, ("cutoff", cutoff));
        var reaped = new List<RunRecord>();
        foreach (var run in stale)
        {
            var last = run.HeartbeatAt ?? run.StartedAt ?? run.QueuedAt;
            var reason = $"Run marked dead by {reaperId}: no heartbeat from worker {run.WorkerId ?? "(unknown)"} since {last:O} " +
                         $"(runner.stale_after is {staleAfter}); the worker most likely died.";
            // The heartbeat and epoch read above must still be the row's: a late heartbeat or another reaper wins.
            var sameHeartbeat = run.HeartbeatAt is null ? "heartbeat_at IS NULL" : "heartbeat_at = @heartbeat";
            var won = await ExecuteAsync(connection, null,
                $"UPDATE runs SET status = 'dead', lease_epoch = lease_epoch + 1, ended_at = @now, error = @reason WHERE id = @id AND status = 'running' AND {sameHeartbeat} AND lease_epoch = @epoch",
                cancellationToken, ("now", now), ("reason", reason), ("id", run.Id), ("heartbeat", run.HeartbeatAt), ("epoch", run.LeaseEpoch));
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
            await NotifyAsync(connection, RunQueueChannels.Runs, "", cancellationToken);
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
        await using var connection = await Sql.OpenAsync(cancellationToken);
        return (await SelectAsync(connection, null, "id = @id", cancellationToken, ("id", id))).SingleOrDefault();
    }

    public async Task<RunRecord?> GetByRunIdAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        return (await SelectAsync(connection, null, "run_id = @run", cancellationToken, ("run", runId))).SingleOrDefault();
    }
}
