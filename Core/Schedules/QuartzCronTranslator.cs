namespace Tapline.Core.Schedules;

/// <summary>
/// Classic cron (what Meltano and Airflow read, via croniter) to Quartz cron. The differences that
/// bite: Quartz has a seconds field first; its day-of-week is 1-7 with Sunday = 1 (classic: 0-7,
/// Sunday = 0 and 7); and it cannot restrict both day fields, one of which must be <c>?</c>.
/// Classic cron fires when EITHER restricted day field matches, so that case becomes two Quartz
/// expressions whose fire times are merged.
/// </summary>
internal static class QuartzCronTranslator
{
    public static IReadOnlyList<string> Translate(string cron)
    {
        var (second, minute, hour, dom, month, dow) = CronFields.Parse(cron);

        var head = $"{second?.Text ?? "0"} {minute.Text} {hour.Text}";
        return [.. Days(dom, dow).Select(days => $"{head} {days.Dom} {month.Text} {days.Dow}")];
    }

    private static IEnumerable<(string Dom, string Dow)> Days(CronField dom, CronField dow)
    {
        // Vixie cron: a day field written with a leading '*' is "unrestricted", and then the two
        // day fields are ANDed; when neither starts with '*' they are ORed.
        if (dom.IsStar || dow.IsStar)
        {
            if (dow.IsStar && dow.IsFull)
            {
                return [(dom.Text, "?")];
            }
            if (dom.IsStar && dom.IsFull)
            {
                return [("?", QuartzDays(dow))];
            }
            throw new FormatException(
                $"day-of-month \"{dom.Text}\" and day-of-week \"{dow.Text}\" would both have to match (a field starting with '*' makes cron AND them), which Quartz cannot express; write the days explicitly");
        }

        if ((dow.IsFull && dow.NthWeekday is null) || (dom.IsFull && !dom.LastDayOfMonth))
        {
            return [("*", "?")];
        }

        return [(dom.Text, "?"), ("?", QuartzDays(dow))];
    }

    private static string QuartzDays(CronField dow)
    {
        if (dow.NthWeekday is { } nth)
        {
            return $"{nth.Day + 1}#{nth.Nth}";
        }

        var quartz = dow.Values.Select(v => v + 1).Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < quartz.Count;)
        {
            var j = i;
            while (j + 1 < quartz.Count && quartz[j + 1] == quartz[j] + 1)
            {
                j++;
            }
            parts.Add(j > i ? $"{quartz[i]}-{quartz[j]}" : $"{quartz[i]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }
}
