using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Singer;

namespace Tapline.Core.Data.State;

/// <summary>
/// Meltano's state backend on the system database: completed and partial state (JSON text)
/// per state_id, with a history row for every save so a run's state can be restored.
/// Backs <c>tapline state get|set|clear|copy|move|list</c> and the engine's STATE handling.
/// </summary>
public sealed class StateStore(SystemDbContextFactory factory, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private FencedStateWriter? _fenced;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

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
        await using var context = factory.CreateDbContext();
        return await context.States.AsNoTracking().SingleOrDefaultAsync(s => s.StateId == stateId, cancellationToken);
    }

    /// <summary>
    /// The stored state of <paramref name="stateId"/> in Meltano's shape, or null when it has none.
    /// The one reader of the stored JSON text: the engine and <c>tapline state</c> both use it.
    /// </summary>
    public async Task<StoredState?> LoadAsync(string stateId, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(stateId, cancellationToken);
        return record is null ? null : new StoredState(ParseStored(record.Completed, stateId), ParseStored(record.Partial, stateId)) { UpdatedAt = record.UpdatedAt };
    }

    /// <summary>The state history entry <paramref name="historyId"/> of <paramref name="stateId"/> in Meltano's shape (UpdatedAt = when it was saved), or null.</summary>
    public async Task<StoredState?> LoadHistoryEntryAsync(string stateId, long historyId, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        var entry = await context.StateHistory.AsNoTracking().SingleOrDefaultAsync(h => h.StateId == stateId && h.Id == historyId, cancellationToken);
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

        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var state = await WriteAsync(context, stateId, completed, partial, runId, cancellationToken, change);
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
        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var now = Now;
        var held = await context.Runs
            .Where(r => r.Id == fence.RunRowId && r.LeaseEpoch == fence.LeaseEpoch && r.Status == Runs.RunStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        if (held == 0)
        {
            throw new LeaseLostException(fence.RunRowId, fence.LeaseEpoch);
        }

        await WriteAsync(context, pending.StateId, pending.Completed, pending.Partial, pending.RunId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<StateRecord> WriteAsync(SystemDbContext context, string stateId, string? completed, string? partial, Guid? runId, CancellationToken cancellationToken, StateChange? change = null)
    {
        var now = Now;
        var state = await context.States.SingleOrDefaultAsync(s => s.StateId == stateId, cancellationToken);
        if (state is null)
        {
            state = new StateRecord { StateId = stateId };
            context.States.Add(state);
        }
        state.Completed = completed;
        state.Partial = partial;
        state.UpdatedAt = now;
        context.StateHistory.Add(new StateHistoryRecord
        {
            StateId = stateId, RunId = runId, Completed = completed, Partial = partial, SavedAt = now, Actor = change?.Actor, Reason = change?.Reason,
        });
        await context.SaveChangesAsync(cancellationToken);
        return state;
    }

    /// <summary>Removes the state (Meltano's <c>state clear</c>); the history keeps an empty entry so the clear is visible.</summary>
    public Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken = default) => ClearAsync(stateId, null, cancellationToken);

    /// <summary>As <see cref="ClearAsync(string, CancellationToken)"/>; the history's empty entry records who cleared it and why.</summary>
    public async Task<bool> ClearAsync(string stateId, StateChange? change, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var removed = await context.States.Where(s => s.StateId == stateId).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            context.StateHistory.Add(new StateHistoryRecord { StateId = stateId, SavedAt = Now, Actor = change?.Actor, Reason = change?.Reason });
            await context.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return removed > 0;
    }

    /// <summary>Copies the state of <paramref name="sourceId"/> over <paramref name="targetId"/>; false when the source has none.</summary>
    public async Task<bool> CopyAsync(string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var source = await context.States.AsNoTracking().SingleOrDefaultAsync(s => s.StateId == sourceId, cancellationToken);
        if (source is null)
        {
            return false;
        }
        await WriteAsync(context, targetId, source.Completed, source.Partial, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Moves the state to a new id (copy, then clear the source), in one transaction.</summary>
    public async Task<bool> MoveAsync(string sourceId, string targetId, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var source = await context.States.SingleOrDefaultAsync(s => s.StateId == sourceId, cancellationToken);
        if (source is null)
        {
            return false;
        }
        await WriteAsync(context, targetId, source.Completed, source.Partial, null, cancellationToken);
        context.States.Remove(source);
        context.StateHistory.Add(new StateHistoryRecord { StateId = sourceId, SavedAt = Now });
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>All state_ids, optionally filtered by a Meltano <c>--pattern</c> glob (<c>*</c> matches anything).</summary>
    public async Task<IReadOnlyList<StateRecord>> ListAsync(string? pattern = null, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        var all = await context.States.AsNoTracking().OrderBy(s => s.StateId).ToListAsync(cancellationToken);
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
        await using var context = factory.CreateDbContext();
        return await context.StateHistory.AsNoTracking()
            .Where(h => h.StateId == stateId).OrderByDescending(h => h.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Puts back the last state that run <paramref name="runId"/> saved for <paramref name="stateId"/>.
    /// Null when that run saved none.
    /// </summary>
    public async Task<StateRecord?> RestoreAsync(string stateId, Guid runId, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var saved = await context.StateHistory.AsNoTracking()
            .Where(h => h.StateId == stateId && h.RunId == runId)
            .OrderByDescending(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        if (saved is null)
        {
            return null;
        }
        var state = await WriteAsync(context, stateId, saved.Completed, saved.Partial, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return state;
    }
}
