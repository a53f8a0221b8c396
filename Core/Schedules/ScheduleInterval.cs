namespace Tapline.Core.Schedules;

/// <summary>
/// A parsed Meltano <c>interval</c>.
/// </summary>
/// <param name="Text">What meltano.yml says, trimmed (<c>@daily</c>, <c>*/5 * * * *</c>).</param>
/// <param name="Kind">Once, manual, or cron.</param>
/// <param name="Cron">The standard cron form (5 fields, or 6 with seconds first); null unless <see cref="IntervalKind.Cron"/>.</param>
/// <param name="QuartzCron">
/// The same schedule as Quartz cron expressions (seconds first, day-of-week 1-7 with Sunday 1, one of
/// day-of-month/day-of-week <c>?</c>). Two expressions when both day fields are restricted, because
/// classic cron fires when EITHER matches and a Quartz expression cannot say that; the fire times are
/// the union of both.
/// </param>
public sealed record ScheduleInterval(string Text, IntervalKind Kind, string? Cron, IReadOnlyList<string> QuartzCron)
{
    /// <summary>True when the interval fires on its own (not manual).</summary>
    public bool Fires => Kind != IntervalKind.Manual;

    public override string ToString() => Text;
}
