namespace Tapline.Core.Schedules;

/// <summary>The outcome of checking all of a project's schedules: the good ones, and every problem of the bad ones.</summary>
public sealed record ScheduleSet(IReadOnlyList<CompiledSchedule> Valid, IReadOnlyList<ScheduleProblem> Problems)
{
    public static readonly ScheduleSet Empty = new([], []);

    /// <summary>Names of schedules that have at least one problem.</summary>
    public IReadOnlySet<string> Invalid => Problems.Select(p => p.Schedule).ToHashSet(StringComparer.Ordinal);

    private Dictionary<string, CompiledSchedule>? _byName;

    /// <summary>The valid schedule of that name; a dictionary because every fire looks one up.</summary>
    public CompiledSchedule? Find(string name)
    {
        _byName ??= Valid.ToDictionary(s => s.Name, StringComparer.Ordinal);
        return _byName.GetValueOrDefault(name);
    }
}
