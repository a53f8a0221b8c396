namespace Tapline.Core.Schedules;

/// <summary>Meltano's state ids for scheduled runs.</summary>
public static class ScheduleStateIds
{
    /// <summary>Elt-style schedule: the schedule name, as <c>meltano elt --state-id=&lt;schedule&gt;</c>.</summary>
    public static string ForEltSchedule(string schedule) => schedule;

    /// <summary>A block of <c>meltano run</c>: <c>{environment}:{extractor}-to-{loader}</c> (no prefix without an environment).</summary>
    public static string ForBlock(string? environment, string extractor, string loader) =>
        string.IsNullOrEmpty(environment) ? $"{extractor}-to-{loader}" : $"{environment}:{extractor}-to-{loader}";
}
