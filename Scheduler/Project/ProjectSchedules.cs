using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Project;

/// <summary>A snapshot of the project's schedules as read from meltano.yml, with the hash of what was read.</summary>
/// <param name="FileProblems">The file's own problems (unreadable YAML); each bad schedule's are in <see cref="ScheduleSet.Problems"/>.</param>
public sealed record ProjectSchedules(ScheduleSet Set, string ContentHash, IReadOnlyList<ScheduleProblem> FileProblems);
