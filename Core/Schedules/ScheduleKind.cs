namespace Tapline.Core.Schedules;

public enum ScheduleKind
{
    /// <summary><c>extractor</c> + <c>loader</c>; state id is the schedule name (Meltano's <c>--state-id</c>).</summary>
    Elt,

    /// <summary>A <c>job</c>; state id <c>{env}:{tap}-to-{target}</c> of its block.</summary>
    Job,
}
