namespace Tapline.Core.Schedules;

/// <summary>
/// One thing wrong with one schedule, naming the schedule and the field so a person can fix
/// meltano.yml without guessing (e.g. <c>schedule 'daily-csv', field 'interval': ...</c>).
/// </summary>
public sealed record ScheduleProblem(string Schedule, string Field, string Message, string? File = null, int? Line = null)
{
    public override string ToString()
    {
        var where = File is null ? "" : Line is null ? $"{File}: " : $"{File} line {Line}: ";
        return $"{where}schedule '{Schedule}', field '{Field}': {Message}";
    }
}
