using Tapline.Core.Data.Runs;

namespace Tapline.Runner.Worker;

/// <summary>A run this worker is executing, and why (if at all) it was told to stop.</summary>
internal sealed class ActiveRun(RunRecord run) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private string? _stopReason;

    public RunRecord Run { get; } = run;
    public CancellationToken Token => _cancellation.Token;
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Why the run was stopped; null while nobody asked.</summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>True when the row is no longer ours (reaped): we must not write its outcome.</summary>
    public bool ClaimLost { get; private set; }

    public void Stop(string reason, bool claimLost = false)
    {
        if (Interlocked.CompareExchange(ref _stopReason, reason, null) is null)
        {
            ClaimLost = claimLost;
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended while we were stopping it.
            }
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
