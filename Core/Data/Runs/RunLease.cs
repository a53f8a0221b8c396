namespace Tapline.Core.Data.Runs;

/// <summary>
/// Keeps one run this process holds alive outside the worker (e.g. <c>tapline run</c>): heartbeats
/// it, and cancels <see cref="Token"/> when a cancel is requested (from the UI) or the run was
/// reaped. Dispose when the run has been completed.
/// </summary>
public sealed class RunLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _run = new();
    private readonly Task _loop;
    private string? _stopReason;

    private RunLease(RunQueue queue, RunRecord run, string workerId, TimeSpan heartbeatInterval, TimeSpan pollInterval)
    {
        _loop = Task.Run(() => LoopAsync(queue, run, workerId, heartbeatInterval, pollInterval));
    }

    /// <summary>Cancelled when the run must stop; <see cref="StopReason"/> says why.</summary>
    public CancellationToken Token => _run.Token;

    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>True when the reaper took the run: do not complete it.</summary>
    public bool ClaimLost { get; private set; }

    public static RunLease Start(RunQueue queue, RunRecord run, string workerId, TimeSpan? heartbeatInterval = null, TimeSpan? pollInterval = null) =>
        new(queue, run, workerId, heartbeatInterval ?? TimeSpan.FromSeconds(5), pollInterval ?? TimeSpan.FromSeconds(1));

    private async Task LoopAsync(RunQueue queue, RunRecord run, string workerId, TimeSpan heartbeatInterval, TimeSpan pollInterval)
    {
        var nextHeartbeat = DateTime.UtcNow + heartbeatInterval;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pollInterval, token);
                if (DateTime.UtcNow >= nextHeartbeat)
                {
                    nextHeartbeat = DateTime.UtcNow + heartbeatInterval;
                    if ((await queue.HeartbeatAsync(workerId, [run.Id], token)).Count > 0)
                    {
                        ClaimLost = true;
                        Stop($"{workerId} lost its claim on the run (it was reaped)");
                    }
                }
                if ((await queue.CancelRequestedAsync([run.Id], token)).Count > 0)
                {
                    Stop("Cancelled on request");
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A database blip: the next round tries again; the reaper is the backstop.
            }
        }
    }

    private void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
        {
            _run.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _run.Dispose();
    }
}
