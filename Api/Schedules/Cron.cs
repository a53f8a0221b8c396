using System.Globalization;

namespace Tapline.Api.Schedules;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week, UTC) with the
/// usual syntax: <c>*</c>, lists, ranges, steps, month and weekday names, 7 as Sunday, and
/// the classic rule that a restricted day-of-month and day-of-week match either.
/// Only what the Api needs: the next fire time and words for the UI.
/// </summary>
public sealed class Cron
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _anyDay;
    private readonly bool _anyWeekday;

    private Cron(string text, string[] fields)
    {
        Text = text;
        Fields = fields;
        _minutes = Field(fields[0], 0, 59, null, "minute");
        _hours = Field(fields[1], 0, 23, null, "hour");
        _days = Field(fields[2], 1, 31, null, "day of month");
        _months = Field(fields[3], 1, 12, MonthNames, "month");
        _weekdays = Field(fields[4], 0, 7, DayNames, "day of week");
        if (_weekdays[7]) _weekdays[0] = true;
        _anyDay = fields[2] is "*" or "?";
        _anyWeekday = fields[4] is "*" or "?";
    }

    public string Text { get; }
    internal string[] Fields { get; }

    /// <summary>Parses the expression; <see cref="FormatException"/> says which field is wrong and why.</summary>
    public static Cron Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"'{text}' is not a cron expression: it needs 5 fields (minute hour day-of-month month day-of-week), it has {fields.Length}.");
        }
        return new Cron(text, fields);
    }

    /// <summary>The first fire strictly after <paramref name="after"/> (UTC), or null when none within five years (e.g. 30 February).</summary>
    public DateTime? NextAfter(DateTime after)
    {
        var start = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        var limit = start.AddYears(5);
        for (var day = start.Date; day < limit; day = day.AddDays(1))
        {
            if (!_months[day.Month] || !DayMatches(day)) continue;
            var firstDay = day == start.Date;
            for (var h = firstDay ? start.Hour : 0; h < 24; h++)
            {
                if (!_hours[h]) continue;
                var firstHour = firstDay && h == start.Hour;
                for (var m = firstHour ? start.Minute : 0; m < 60; m++)
                {
                    if (_minutes[m]) return new DateTime(day.Year, day.Month, day.Day, h, m, 0, DateTimeKind.Utc);
                }
            }
        }
        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = _days[day.Day];
        var dow = _weekdays[(int)day.DayOfWeek];
        return _anyDay || _anyWeekday ? dom && dow : dom || dow;
    }

    private static bool[] Field(string text, int min, int max, string[]? names, string what)
    {
        var allowed = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var step = 1;
            var range = item;
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                range = item[..slash];
                if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                {
                    throw new FormatException($"cron {what} field '{text}': step '{item[(slash + 1)..]}' must be a positive number.");
                }
            }
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max == 7 ? 6 : max);
            }
            else if (range.Contains('-'))
            {
                var dash = range.IndexOf('-');
                low = Value(range[..dash], min, max, names, what, text);
                high = Value(range[(dash + 1)..], min, max, names, what, text);
                if (high < low) throw new FormatException($"cron {what} field '{text}': range {range} runs backwards.");
            }
            else
            {
                low = Value(range, min, max, names, what, text);
                high = slash >= 0 ? (max == 7 ? 6 : max) : low;
            }
            for (var v = low; v <= high; v += step) allowed[v] = true;
        }
        return allowed;
    }

    private static int Value(string token, int min, int max, string[]? names, string what, string field)
    {
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= min && number <= max ? number
                : throw new FormatException($"cron {what} field '{field}': {number} is outside {min}-{max}.");
        }
        var index = names is null ? -1 : Array.IndexOf(names, token.ToLowerInvariant());
        if (index < 0) throw new FormatException($"cron {what} field '{field}': '{token}' is not a number{(names is null ? "" : " or a name")}.");
        return names == MonthNames ? index + 1 : index;
    }
}
