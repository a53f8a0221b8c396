namespace Tapline.Core.Schedules;

/// <summary>
/// A classic cron expression split into its fields: five (minute hour day-of-month month day-of-week), or six
/// with seconds first. The one place that knows the field order, for the Quartz translation and the words.
/// </summary>
internal sealed record CronFields(CronField? Second, CronField Minute, CronField Hour, CronField DayOfMonth, CronField Month, CronField DayOfWeek)
{
    /// <exception cref="FormatException">Not 5 or 6 fields, or a field out of range.</exception>
    public static CronFields Parse(string cron)
    {
        var parts = cron.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            throw new FormatException($"a cron expression has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; this one has {parts.Length}");
        }
        var offset = parts.Length - 5;
        return new CronFields(
            offset == 1 ? CronField.Parse(parts[0], CronFieldSpec.Second) : null,
            CronField.Parse(parts[offset], CronFieldSpec.Minute),
            CronField.Parse(parts[offset + 1], CronFieldSpec.Hour),
            CronField.Parse(parts[offset + 2], CronFieldSpec.DayOfMonth),
            CronField.Parse(parts[offset + 3], CronFieldSpec.Month),
            CronField.Parse(parts[offset + 4], CronFieldSpec.DayOfWeek));
    }
}
