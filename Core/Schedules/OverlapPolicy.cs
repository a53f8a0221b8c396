namespace Tapline.Core.Schedules;

/// <summary>What a fire does while a run of the same state id is still queued or running (extra key <c>overlap</c>).</summary>
public enum OverlapPolicy
{
    /// <summary>Default: do not enqueue; the fire is recorded as skipped.</summary>
    Skip,

    /// <summary>Enqueue anyway; the Runner starts it once the earlier run is done (one running run per state id).</summary>
    Queue,
}
