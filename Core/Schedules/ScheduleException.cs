namespace Tapline.Core.Schedules;

/// <summary>Thrown when a schedule cannot be used; <see cref="Problems"/> lists every reason at once.</summary>
public sealed class ScheduleException : Exception
{
    public IReadOnlyList<ScheduleProblem> Problems { get; }

    public ScheduleException(IReadOnlyList<ScheduleProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public ScheduleException(ScheduleProblem problem) : this([problem])
    {
    }
}
