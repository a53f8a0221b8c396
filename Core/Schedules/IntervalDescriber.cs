using System.Globalization;

namespace Tapline.Core.Schedules;

/// <summary>
/// Human words for an interval, as the Api and <c>tapline schedule list</c> show them
/// ("every day at 00:00 UTC"). Common shapes get a sentence; anything else is shown as its cron
/// with the time zone, which is still exact.
/// </summary>
public static class IntervalDescriber
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string Describe(ScheduleInterval interval, TimeZoneInfo? zone = null)
    {
        var tz = ScheduleTimeZones.Label(zone ?? TimeZoneInfo.Utc);
        switch (interval.Kind)
        {
            case IntervalKind.Manual:
                return "never on its own (manual)";
            case IntervalKind.Once:
                return "once";
        }

        var (second, minute, hour, dom, month, dow) = CronFields.Parse(interval.Cron!);

        var everyDay = dom.IsFull && dow.IsFull && month.IsFull;
        var secondIsZero = second is null || Single(second) == 0;

        if (everyDay && hour.IsFull)
        {
            if (second is not null && !secondIsZero)
            {
                if (second.IsFull && minute.IsFull)
                {
                    return "every second";
                }
                if (Step(second) is { } s && minute.IsFull)
                {
                    return $"every {s} seconds";
                }
            }
            else if (minute.IsFull)
            {
                return "every minute";
            }
            else if (Step(minute) is { } m)
            {
                return $"every {m} minutes";
            }
            else if (Single(minute) is { } only)
            {
                return $"every hour at minute {only}";
            }
        }

        if (secondIsZero && Single(minute) is { } mm && Single(hour) is { } hh)
        {
            var at = $"at {hh:00}:{mm:00} {tz}";
            if (everyDay)
            {
                return $"every day {at}";
            }
            if (dom.IsFull && month.IsFull && dow.NthWeekday is null && dow.Values.Count > 0)
            {
                if (dow.Values.SetEquals([1, 2, 3, 4, 5]))
                {
                    return $"every weekday (Monday to Friday) {at}";
                }
                return $"every {string.Join(", ", dow.Values.Select(d => DayNames[d]))} {at}";
            }
            if (dow.IsFull && Single(dom) is { } day)
            {
                if (month.IsFull)
                {
                    return $"on day {day} of every month {at}";
                }
                if (Single(month) is { } mo)
                {
                    return $"every year on {day} {MonthNames[mo - 1]} {at}";
                }
            }
        }

        return $"cron \"{interval.Cron}\" ({tz})";
    }

    private static int? Single(CronField field) => field.Values.Count == 1 && field.NthWeekday is null ? field.Values.Min : null;

    private static int? Step(CronField field)
    {
        var text = field.Text;
        return text.StartsWith("*/", StringComparison.Ordinal)
            && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : null;
    }
}
