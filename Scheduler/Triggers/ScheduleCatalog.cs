using Tapline.Core.Schedules;
using Tapline.Scheduler.Project;

namespace Tapline.Scheduler.Triggers;

/// <summary>
/// The schedules as last loaded. Triggers carry only the schedule's name; a fire looks the rest
/// up here, so an edit of, say, the loader takes effect at the next fire without touching Quartz.
/// </summary>
public sealed class ScheduleCatalog
{
    private volatile ProjectSchedules _current = new(ScheduleSet.Empty, "", []);

    public CompiledSchedule? Find(string name) => _current.Set.Find(name);

    /// <summary>Every schedule as last loaded (valid ones with their definitions).</summary>
    public ScheduleSet Current => _current.Set;

    public void Replace(ProjectSchedules schedules) => _current = schedules;
}
