using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tapline.Core.Data.Database;
using Tapline.Core.Singer;

namespace Tapline.Core.Data.State;

/// <summary>
/// Meltano's state backend on the system database: completed and partial state (JSON text)
/// per state_id, with a history row for every save so a run's state can be restored.
/// Backs <c>tapline state get|set|clear|copy|move|list</c> and the engine's STATE handling.
/// </summary>
public sealed partial class StateStore(SystemDbContextFactory factory, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private FencedStateWriter? _fenced;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private SystemDbSql Sql => factory.Sql;

    /// <summary>
    /// The same store for one run a worker executes: every save is fenced by the run's lease (the
    /// database refuses it once the run was reaped) and survives a database outage (see
    /// <see cref="FlushAsync"/>).
    /// </summary>
    public StateStore FencedBy(RunFence fence)
    {
        var store = new StateStore(factory, time);
        store._fenced = new FencedStateWriter(fence, (pending, token) => store.WriteFencedAsync(fence, pending, token));
        return store;
    }

    /// <summary>
    /// For a fenced store: waits up to <paramref name="limit"/> until the run's latest state is
    /// stored. Null when it is (or there was none); the database's last error when it stayed out
    /// of reach. Throws <see cref="LeaseLostException"/> when the database refused the run's lease.
    /// </summary>
    public Task<Exception?> FlushAsync(TimeSpan limit) => _fenced?.FlushAsync(limit) ?? Task.FromResult<Exception?>(null);

    public async Task<StateRecord?> GetAsync(string stateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        return await ReadStateAsync(connection, null, stateId, cancellationToken);
    }

    /// <summary>
    /// The stored state of <paramref name="stateId"/> in Meltano's shape, or null when it has none.
    /// The one reader of the stored JSON text: the engine and <c>tapline state</c> both use it.
    /// </summary>
    public async Task<StoredState?> LoadAsync(string stateId, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(stateId, cancellationToken);
        return record is null ? null : ToStored(record);
    }

    private static StoredState ToStored(StateRecord record) =>
        new(ParseStored(record.Completed, record.StateId), ParseStored(record.Partial, record.StateId)) { UpdatedAt = record.UpdatedAt };

    /// <summary>
    /// The stored states of many state ids at once (those without state are absent), in statements of 500 ids: the
    /// overview and the freshness check read every schedule's state, and one query per schedule does not scale.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, StoredState>> LoadManyAsync(IEnumerable<string> stateIds, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, StoredState>(StringComparer.Ordinal);
        await using var connection = await Sql.OpenAsync(cancellationToken);
        foreach (var batch in stateIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            var names = batch.Select((_, i) => $"@s{i}");
            await using var select = Sql.Command(connection, $"SELECT state_id, completed, partial, updated_at FROM state WHERE state_id IN ({string.Join(", ", names)})",
                null, [.. batch.Select((id, i) => ($"s{i}", (object?)id))]);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var record = ReadState(reader);
                result[record.StateId] = ToStored(record);
            }
        }
        return result;
    }

    /// <summary>The state history entry <paramref name="historyId"/> of <paramref name="stateId"/> in Meltano's shape (UpdatedAt = when it was saved), or null.</summary>
    public async Task<StoredState?> LoadHistoryEntryAsync(string stateId, long historyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        var entry = (await ReadHistoryAsync(connection, null, "state_id = @id AND id = @entry", cancellationToken, ("id", stateId), ("entry", historyId))).FirstOrDefault();
        return entry is null ? null : new StoredState(ParseStored(entry.Completed, stateId), ParseStored(entry.Partial, stateId)) { UpdatedAt = entry.SavedAt };
    }

    /// <summary>
    /// Replaces the state of <paramref name="stateId"/> with <paramref name="state"/>. The one writer
    /// of the stored JSON text: completed always, partial only when it has content, so a state the
    /// engine saved and one <c>tapline state set</c> saved read back the same.
    /// </summary>
    public Task<StateRecord> SaveAsync(string stateId, StoredState state, Guid? runId = null, CancellationToken cancellationToken = default) =>
        SetAsync(stateId, state.Completed.ToJsonString(), state.Partial.Count == 0 ? null : state.Partial.ToJsonString(), runId, cancellationToken);

    /// <summary>As <see cref="SaveAsync(string, StoredState, Guid?, CancellationToken)"/> for a person's edit: the history records who made it and why.</summary>
    public Task<StateRecord> SaveAsync(string stateId, StoredState state, StateChange change, CancellationToken cancellationToken = default) =>
        SetAsync(stateId, state.Completed.ToJsonString(), state.Partial.Count == 0 ? null : state.Partial.ToJsonString(), null, cancellationToken, change);

    private static JsonObject ParseStored(string? json, string stateId)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException e)
        {
            throw new IOException($"the stored state of '{stateId}' is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Replaces the state of <paramref name="stateId"/> and records it in the history (with the run that produced it).</summary>
    public Task<StateRecord> SetAsync(string stateId, string? completed, string? partial, Guid? runId = null, CancellationToken cancellationToken = default) =>
        SetAsync(stateId, completed, partial, runId, cancellationToken, null);

    private async Task<StateRecord> SetAsync(string stateId, string? completed, string? partial, Guid? runId, CancellationToken cancellationToken, StateChange? change)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateId);
        if (_fenced is not null)
        {
            _fenced.Offer(stateId, completed, partial, runId);
            return new StateRecord { StateId = stateId, Completed = completed, Partial = partial, UpdatedAt = Now };
        }

        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = await WriteAsync(connection, transaction, stateId, completed, partial, runId, cancellationToken, change);
        await transaction.CommitAsync(cancellationToken);
        return state;
    }

    /// <summary>
    /// One statement claims the run row (still running, same epoch) and refreshes its heartbeat;
    /// its row lock holds until the state is committed, so a reaper's UPDATE of that row waits and
    /// then finds the heartbeat fresh. No row means the lease was taken over: nothing is written.
    /// </summary>
    private async Task WriteFencedAsync(RunFence fence, FencedStateWriter.PendingState pending, CancellationToken cancellationToken)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = Sql.Command(connection,
            "UPDATE runs SET heartbeat_at = @now WHERE id = @id AND lease_epoch = @epoch AND status = 'running'", transaction,
            ("now", Now), ("id", fence.RunRowId), ("epoch", fence.LeaseEpoch)))
        {
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new LeaseLostException(fence.RunRowId, fence.LeaseEpoch);
            }
        }

        await WriteAsync(connection, transaction, pending.StateId, pending.Completed, pending.Partial, pending.RunId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The one writer of a state row: the row (insert or replace) and its history entry, in the caller's transaction.</summary>
    private async Task<StateRecord> WriteAsync(DbConnection connection, DbTransaction transaction, string stateId, string? completed, string? partial, Guid? runId, CancellationToken cancellationToken, StateChange? change = null)
    {
        var now = Now;
        await using (var upsert = Sql.Command(connection, """
            INSERT INTO state (state_id, completed, partial, updated_at) VALUES (@id, @completed, @partial, @now)
            ON CONFLICT (state_id) DO UPDATE SET completed = excluded.completed, partial = excluded.partial, updated_at = excluded.updated_at
            """, transaction, ("id", stateId), ("completed", completed), ("partial", partial), ("now", now)))
        {
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        await AddHistoryAsync(connection, transaction, stateId, runId, completed, partial, now, cancellationToken, change);
        return new StateRecord { StateId = stateId, Completed = completed, Partial = partial, UpdatedAt = now };
    }

    private async Task AddHistoryAsync(DbConnection connection, DbTransaction transaction, string stateId, Guid? runId, string? completed, string? partial, DateTime savedAt,
        CancellationToken cancellationToken, StateChange? change = null)
    {
        await using var insert = Sql.Command(connection,
            "INSERT INTO state_history (state_id, run_id, completed, partial, saved_at, actor, reason) VALUES (@id, @run, @completed, @partial, @at, @actor, @reason)", transaction,
            ("id", stateId), ("run", runId), ("completed", completed), ("partial", partial), ("at", savedAt), ("actor", change?.Actor), ("reason", change?.Reason));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<StateRecord?> ReadStateAsync(DbConnection connection, DbTransaction? transaction, string stateId, CancellationToken cancellationToken)
    {
        await using var select = Sql.Command(connection, "SELECT state_id, completed, partial, updated_at FROM state WHERE state_id = @id", transaction, ("id", stateId));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadState(reader) : null;
    }

    private static StateRecord ReadState(DbDataReader reader) => new()
    {
        StateId = reader.GetString(0),
        Completed = SystemDbSql.ReadNullableString(reader, 1),
        Partial = SystemDbSql.ReadNullableString(reader, 2),
        UpdatedAt = SystemDbSql.ReadDateTime(reader, 3),
    };

    private async Task<bool> DeleteStateAsync(DbConnection connection, DbTransaction transaction, string stateId, CancellationToken cancellationToken)
    {
        await using var delete = Sql.Command(connection, "DELETE FROM state WHERE state_id = @id", transaction, ("id", stateId));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Removes the state (Meltano's <c>state clear</c>); the history keeps an empty entry so the clear is visible.</summary>
    public Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken = default) => ClearAsync(stateId, null, cancellationToken);

    /// <summary>As <see cref="ClearAsync(string, CancellationToken)"/>; the history's empty entry records who cleared it and why.</summary>
    public async Task<bool> ClearAsync(string stateId, StateChange? change, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = await DeleteStateAsync(connection, transaction, stateId, cancellationToken);
        if (removed)
        {
            await AddHistoryAsync(connection, transaction, stateId, null, null, null, Now, cancellationToken, change);
        }
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Copies the state of <paramref name="sourceId"/> over <paramref name="targetId"/>; false when the source has none.</summary>
    public async Task<bool> CopyAsync(string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ReadStateAsync(connection, transaction, sourceId, cancellationToken) is not { } source)
        {
            return false;
        }
        await WriteAsync(connection, transaction, targetId, source.Completed, source.Partial, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Moves the state to a new id (copy, then clear the source), in one transaction.</summary>
    public async Task<bool> MoveAsync(string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ReadStateAsync(connection, transaction, sourceId, cancellationToken) is not { } source)
        {
            return false;
        }
        await WriteAsync(connection, transaction, targetId, source.Completed, source.Partial, null, cancellationToken);
        await DeleteStateAsync(connection, transaction, sourceId, cancellationToken);
        await AddHistoryAsync(connection, transaction, sourceId, null, null, null, Now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>All state_ids, optionally filtered by a Meltano <c>--pattern</c> glob (<c>*</c> matches anything).</summary>
    public async Task<IReadOnlyList<StateRecord>> ListAsync(string? pattern = null, CancellationToken cancellationToken = default)
    {
        var all = new List<StateRecord>();
        await using (var connection = await Sql.OpenAsync(cancellationToken))
        await using (var select = Sql.Command(connection, "SELECT state_id, completed, partial, updated_at FROM state ORDER BY state_id"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                all.Add(ReadState(reader));
            }
        }
        if (string.IsNullOrEmpty(pattern))
        {
            return all;
        }
        var regex = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return all.Where(s => regex.IsMatch(s.StateId)).ToList();
    }

    /// <summary>Saved versions of a state_id, newest first.</summary>
    public async Task<IReadOnlyList<StateHistoryRecord>> GetHistoryAsync(string stateId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        return await ReadHistoryAsync(connection, null, "state_id = @id", cancellationToken, ("id", stateId));
    }

    private async Task<List<StateHistoryRecord>> ReadHistoryAsync(DbConnection connection, DbTransaction? transaction, string where, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var history = new List<StateHistoryRecord>();
        await using var select = Sql.Command(connection,
            $"SELECT id, state_id, run_id, completed, partial, saved_at, actor, reason FROM state_history WHERE {where} ORDER BY id DESC", transaction, parameters);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new StateHistoryRecord
            {
                Id = reader.GetInt64(0),
                StateId = reader.GetString(1),
                RunId = SystemDbSql.ReadNullableGuid(reader, 2),
                Completed = SystemDbSql.ReadNullableString(reader, 3),
                Partial = SystemDbSql.ReadNullableString(reader, 4),
                SavedAt = SystemDbSql.ReadDateTime(reader, 5),
                Actor = SystemDbSql.ReadNullableString(reader, 6),
                Reason = SystemDbSql.ReadNullableString(reader, 7),
            });
        }
        return history;
    }
}
