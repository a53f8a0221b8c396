namespace Tapline.Core.Data.State;

/// <summary>
/// The lease a worker holds on one run row: state written under it lands only while the row is
/// still running under this epoch.
/// </summary>
/// <param name="RunRowId">The <c>runs.id</c> of the run.</param>
/// <param name="LeaseEpoch">The row's <c>lease_epoch</c> when the worker claimed it.</param>
/// <param name="SpillDirectory">Where the latest unsaved state waits on local disk (<c>.meltano/run/</c>); null keeps it in memory only.</param>
public sealed record RunFence(long RunRowId, long LeaseEpoch, string? SpillDirectory);
