namespace Tapline.Core.Data.Runs;

/// <summary>
/// Reaps runs of dead workers on behalf of one process (a worker, the Scheduler). After this
/// process itself lost the database, it waits a whole <c>runner.stale_after</c> before reaping
/// again: every worker lost the database too, and each must get the chance to heartbeat before
/// its silence during the outage is taken for death.
/// </summary>
public sealed class RunReaper(RunQueue queue, TimeSpan staleAfter, string reaperId, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private DateTimeOffset? _lastFailure;

    /// <summary>A database call of this process failed (the reaper's own, or a heartbeat).</summary>
    public void NoteFailure() => _lastFailure = _time.GetUtcNow();

    /// <summary>Reaps stale runs except <paramref name="alive"/> (the caller's own); none while the caller is recovering from an outage.</summary>
    public async Task<IReadOnlyList<RunRecord>> ReapAsync(IReadOnlyCollection<long>? alive = null, CancellationToken cancellationToken = default)
    {
        if (_lastFailure is { } failed && _time.GetUtcNow() - failed < staleAfter)
        {
            return [];
        }

        try
        {
            return await queue.ReapStaleAsync(staleAfter, reaperId, cancellationToken, alive).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            NoteFailure();
            throw;
        }
    }
}
