namespace Tapline.Core.Data.State;

/// <summary>
/// Stores a run's state lines through a database outage. The engine hands over each new state at
/// once; the latest one waits in memory and in <c>.meltano/run/&lt;run&gt;.state.json</c> while a
/// background loop writes it with backoff, fenced by the run's lease. Older states a newer one
/// replaced before the database answered are never written: only the latest matters to the next
/// run. <see cref="FlushAsync"/> waits, bounded, for the last one before the run may end.
/// </summary>
internal sealed class FencedStateWriter
{
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly Func<PendingState, CancellationToken, Task> _write;
    private readonly RunFence _fence;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private PendingState? _pending;
    private bool _running;
    private LeaseLostException? _lost;
    private Exception? _lastError;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public FencedStateWriter(RunFence fence, Func<PendingState, CancellationToken, Task> write)
    {
        _fence = fence;
        _write = write;
    }

    internal sealed record PendingState(string StateId, string? Completed, string? Partial, Guid? RunId);

    /// <summary>Takes the latest state; throws <see cref="LeaseLostException"/> once the database refused this run's lease.</summary>
    public void Offer(string stateId, string? completed, string? partial, Guid? runId)
    {
        var pending = new PendingState(stateId, completed, partial, runId);
        lock (_gate)
        {
            if (_lost is not null)
            {
                throw _lost;
            }

            _pending = pending;
            if (_idle.Task.IsCompleted)
            {
                _idle = NewIdle(completed: false);
            }

            if (!_running)
            {
                _running = true;
                _ = Task.Run(LoopAsync);
            }
        }

        Spill(pending);
        _wake.Release();
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the latest state to be stored. Throws
    /// <see cref="LeaseLostException"/> when the database refused it; returns the last error when
    /// the database stayed out of reach (the state stays on local disk).
    /// </summary>
    public async Task<Exception?> FlushAsync(TimeSpan limit)
    {
        Task idle;
        lock (_gate)
        {
            idle = _idle.Task;
        }

        await Task.WhenAny(idle, Task.Delay(limit)).ConfigureAwait(false);
        lock (_gate)
        {
            if (_lost is not null)
            {
                throw _lost;
            }

            return _idle.Task.IsCompleted ? null : _lastError ?? new TimeoutException($"state not stored within {limit}");
        }
    }

    private async Task LoopAsync()
    {
        var failures = 0;
        while (true)
        {
            PendingState? next;
            lock (_gate)
            {
                next = _pending;
                if (next is null)
                {
                    _running = false;
                    _idle.TrySetResult();
                    return;
                }
            }

            try
            {
                await _write(next, CancellationToken.None).ConfigureAwait(false);
                failures = 0;
                lock (_gate)
                {
                    if (ReferenceEquals(_pending, next))
                    {
                        _pending = null;
                        Unspill();
                    }
                }
            }
            catch (LeaseLostException e)
            {
                lock (_gate)
                {
                    _lost = e;
                    _pending = null;
                    _running = false;
                    _idle.TrySetResult();
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database is away: keep the latest state and try again, a newer one may replace it meanwhile.
                lock (_gate)
                {
                    _lastError = e;
                }

                await _wake.WaitAsync(Backoff[Math.Min(failures++, Backoff.Length - 1)]).ConfigureAwait(false);
            }
        }
    }

    private string? SpillPath => _fence.SpillDirectory is { } dir ? Path.Combine(dir, SpilledState.FileName(_fence.RunRowId)) : null;

    private void Spill(PendingState pending)
    {
        if (SpillPath is not { } path)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, new SpilledState(pending.StateId, pending.Completed, pending.Partial, pending.RunId, _fence.RunRowId, _fence.LeaseEpoch).ToJson());
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The copy in memory still stands; a full disk must not fail the run.
        }
    }

    private void Unspill()
    {
        if (SpillPath is { } path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A stale spill file only repeats a state that is already stored.
            }
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }
}
