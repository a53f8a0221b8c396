namespace Tapline.Core.Schedules;

/// <summary>The range and names one position of a classic cron expression accepts.</summary>
internal sealed record CronFieldSpec(string Name, int Min, int Max, IReadOnlyList<string>? Names = null, int NamesStartAt = 0)
{
    public static readonly CronFieldSpec Second = new("second", 0, 59);
    public static readonly CronFieldSpec Minute = new("minute", 0, 59);
    public static readonly CronFieldSpec Hour = new("hour", 0, 23);
    public static readonly CronFieldSpec DayOfMonth = new("day-of-month", 1, 31);

    public static readonly CronFieldSpec Month = new("month", 1, 12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1);

    /// <summary>Classic cron: 0-7, where both 0 and 7 are Sunday.</summary>
    public static readonly CronFieldSpec DayOfWeek = new("day-of-week", 0, 7,
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 0);
}
