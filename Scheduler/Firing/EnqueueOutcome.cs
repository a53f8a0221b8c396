namespace Tapline.Scheduler.Firing;

public enum EnqueueOutcome
{
    /// <summary>A new queued run.</summary>
    Enqueued,

    /// <summary>This fire was enqueued already (another replica, or a Quartz re-fire): nothing done.</summary>
    Duplicate,

    /// <summary>A run of the same state id is queued or running and the schedule's overlap policy is skip.</summary>
    SkippedOverlap,
}
