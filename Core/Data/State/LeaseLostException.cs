namespace Tapline.Core.Data.State;

/// <summary>The database refused a write: the run's lease was taken over (the run was reaped), so this worker is a zombie.</summary>
public sealed class LeaseLostException(long runRowId, long leaseEpoch)
    : Exception($"The lease on run {runRowId} (epoch {leaseEpoch}) was taken over; this worker may no longer write its state or status")
{
    public long RunRowId { get; } = runRowId;

    public long LeaseEpoch { get; } = leaseEpoch;
}
