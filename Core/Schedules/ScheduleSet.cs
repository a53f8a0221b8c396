namespace Tapline.Core.Schedules;

/// <summary>The outcome of checking all of a project's schedules: the good ones, and every problem of the bad ones.</summary>
public sealed record ScheduleSet(IReadOnlyList<CompiledSchedule> Valid, IReadOnlyList<ScheduleProblem> Problems)
{
    public static readonly ScheduleSet Empty = new([], []);

    /// <summary>Names of schedules that have at least one problem.</summary>
    public IReadOnlySet<string> Invalid => Problems.Select(p => p.Schedule).ToHashSet(StringComparer.Ordinal);

    public CompiledSchedule? Find(string name) => Valid.FirstOrDefault(s => s.Name == name);
}
