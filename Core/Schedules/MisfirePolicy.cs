namespace Tapline.Core.Schedules;

/// <summary>What happens to fire times missed while no Scheduler was running (extra key <c>misfire</c>).</summary>
public enum MisfirePolicy
{
    /// <summary>Default: forget missed fires and wait for the next one.</summary>
    Skip,

    /// <summary>One run as soon as the Scheduler is back, however many fires were missed.</summary>
    RunOnce,
}
