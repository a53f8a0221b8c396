namespace Tapline.Core.Schedules;

/// <summary>What a Meltano <c>interval</c> means.</summary>
public enum IntervalKind
{
    /// <summary><c>@once</c>: one run, at <c>start_date</c> or as soon as the schedule is first seen.</summary>
    Once,

    /// <summary><c>@manual</c> / <c>@none</c>: never fires by itself; runs only when asked.</summary>
    Manual,

    /// <summary>A preset (<c>@daily</c>, ...) or a 5/6-field cron expression.</summary>
    Cron,
}
