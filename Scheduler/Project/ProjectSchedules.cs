using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Project;

/// <summary>A snapshot of the project's schedules as read from meltano.yml, with the hash of what was read.</summary>
public sealed record ProjectSchedules(ScheduleSet Set, string ContentHash, IReadOnlyList<ScheduleProblem> FileProblems)
{
    /// <summary>Every problem: the file's own (unreadable YAML) and each bad schedule's.</summary>
    public IEnumerable<ScheduleProblem> AllProblems => FileProblems.Concat(Set.Problems);
}
