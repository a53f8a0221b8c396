using System.Globalization;

namespace Tapline.Core.Schedules;

/// <summary>
/// One field of a classic (Vixie / croniter) cron expression, expanded to the values it matches.
/// Expanding rather than pattern-matching is what makes the translation to Quartz safe: ranges,
/// lists, steps and names all reduce to a set before anything is written back out.
/// </summary>
internal sealed class CronField
{
    public required string Text { get; init; }
    public required CronFieldSpec Spec { get; init; }
    public required SortedSet<int> Values { get; init; }

    /// <summary>Starts with <c>*</c>: classic cron treats such a day field as unrestricted when combining the two day fields.</summary>
    public bool IsStar => Text.StartsWith('*');

    /// <summary>Matches every value of its range.</summary>
    public bool IsFull => Values.Count == Spec.Max - Spec.Min + 1
        || (Spec == CronFieldSpec.DayOfWeek && Values.Count == 7);

    /// <summary>Day-of-week <c>N#k</c> (the k-th weekday N of the month), kept as is for Quartz.</summary>
    public (int Day, int Nth)? NthWeekday { get; init; }

    /// <summary>Day-of-month <c>L</c> (the last day of the month).</summary>
    public bool LastDayOfMonth { get; init; }

    public static CronField Parse(string text, CronFieldSpec spec)
    {
        var upper = text.Trim().ToUpperInvariant();
        if (upper.Length == 0)
        {
            throw new FormatException($"{spec.Name} is empty");
        }

        if (spec == CronFieldSpec.DayOfMonth && upper == "L")
        {
            return new CronField { Text = upper, Spec = spec, Values = [], LastDayOfMonth = true };
        }

        if (spec == CronFieldSpec.DayOfWeek && upper.Contains('#'))
        {
            var parts = upper.Split('#');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var nth) || nth is < 1 or > 5)
            {
                throw new FormatException($"{spec.Name} \"{text}\": expected DAY#N with N from 1 to 5");
            }
            var day = Value(parts[0], spec, text) % 7;
            return new CronField { Text = upper, Spec = spec, Values = [day], NthWeekday = (day, nth) };
        }

        var values = new SortedSet<int>();
        foreach (var item in upper.Split(','))
        {
            AddItem(item, spec, text, values);
        }

        if (spec == CronFieldSpec.DayOfWeek && values.Remove(7))
        {
            values.Add(0);
        }

        return new CronField { Text = upper, Spec = spec, Values = values };
    }

    private static void AddItem(string item, CronFieldSpec spec, string text, SortedSet<int> values)
    {
        if (item.Length == 0)
        {
            throw new FormatException($"{spec.Name} \"{text}\" has an empty list item");
        }

        var step = 1;
        var slash = item.IndexOf('/');
        var range = item;
        if (slash >= 0)
        {
            range = item[..slash];
            if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
            {
                throw new FormatException($"{spec.Name} \"{text}\": step \"{item[(slash + 1)..]}\" must be a whole number of at least 1");
            }
            // Quartz (which runs the schedule) refuses a step beyond the field's largest value; so does this parser,
            // so that a project is refused when it is read, not when the Scheduler registers it.
            if (step > spec.Max)
            {
                throw new FormatException($"{spec.Name} \"{text}\": step {step} is larger than the field's largest value, {spec.Max}");
            }
        }

        int low, high;
        if (range == "*")
        {
            (low, high) = (spec.Min, spec == CronFieldSpec.DayOfWeek ? 6 : spec.Max);
        }
        else if (range.Contains('-'))
        {
            var bounds = range.Split('-');
            if (bounds.Length != 2)
            {
                throw new FormatException($"{spec.Name} \"{text}\": \"{range}\" is not a range like 1-5");
            }
            low = Value(bounds[0], spec, text);
            high = Value(bounds[1], spec, text);
            if (low > high)
            {
                throw new FormatException($"{spec.Name} \"{text}\": range {bounds[0]}-{bounds[1]} runs backwards");
            }
        }
        else
        {
            low = Value(range, spec, text);
            // "5/15" means from 5 to the end of the range in steps of 15, as in croniter and Quartz.
            high = slash >= 0 ? spec.Max : low;
        }

        for (var v = low; v <= high; v += step)
        {
            values.Add(v);
        }
    }

    private static int Value(string token, CronFieldSpec spec, string text)
    {
        if (spec.Names is not null)
        {
            for (var i = 0; i < spec.Names.Count; i++)
            {
                if (spec.Names[i] == token)
                {
                    return i + spec.NamesStartAt;
                }
            }
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"{spec.Name} \"{text}\": \"{token}\" is not a number{(spec.Names is null ? "" : " or a name like " + spec.Names[0])}");
        }

        if (value < spec.Min || value > spec.Max)
        {
            throw new FormatException($"{spec.Name} \"{text}\": {value} is out of range {spec.Min}-{spec.Max}");
        }

        return value;
    }
}
