namespace Tapline.Api.Schedules;

/// <summary>
/// A schedule's <c>interval</c> as Meltano writes it: a preset (<c>@once @manual @none @hourly
/// @daily @weekly @monthly @quarterly @yearly</c>) or a cron expression; its cron form, words
/// for the UI, and the next fire time (UTC).
/// </summary>
public sealed record Interval(string Text, Cron? Cron, string Words)
{
    private static readonly Dictionary<string, string> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@quarterly"] = "0 0 1 */3 *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    private static readonly string[] WeekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    private static readonly string[] MonthNames = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Parses the interval; <see cref="FormatException"/> explains a bad one.</summary>
    public static Interval Parse(string? text)
    {
        var interval = (text ?? "").Trim();
        switch (interval.ToLowerInvariant())
        {
            case "":
                throw new FormatException("interval is empty; use a preset such as @daily or a cron expression such as '0 6 * * *'.");
            case "@once":
                return new Interval(interval, null, "once, when the schedule is first deployed");
            case "@manual":
            case "@none":
                return new Interval(interval, null, "only when started by hand");
        }
        if (interval.StartsWith('@'))
        {
            if (!Presets.TryGetValue(interval, out var preset))
            {
                throw new FormatException($"'{interval}' is not a known interval; use @once, @manual, @none, @hourly, @daily, @weekly, @monthly, @quarterly, @yearly or a cron expression.");
            }
            var presetCron = Cron.Parse(preset);
            return new Interval(interval, presetCron, Describe(presetCron));
        }
        var cron = Cron.Parse(interval);
        return new Interval(interval, cron, Describe(cron));
    }

    public DateTime? NextFireAfter(DateTime after) => Cron?.NextAfter(after);

    private static string Describe(Cron cron)
    {
        var f = cron.Fields;
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        if (f.All(x => x == "*")) return "every minute";
        if (minute.StartsWith("*/", StringComparison.Ordinal) && f.Skip(1).All(x => x == "*")) return $"every {minute[2..]} minutes";
        var single = int.TryParse(minute, out var m) & int.TryParse(hour, out var h);
        if (int.TryParse(minute, out var onlyMinute) && hour == "*" && dom == "*" && month == "*" && dow == "*")
        {
            return onlyMinute == 0 ? "every hour, on the hour" : $"every hour at minute {onlyMinute}";
        }
        if (!single) return $"cron '{cron.Text}' (UTC)";
        var at = $"at {h:00}:{m:00} UTC";
        if (dom == "*" && month == "*" && dow == "*") return $"every day {at}";
        if (dom == "*" && month == "*" && int.TryParse(dow, out var d) && d is >= 0 and <= 7) return $"every {WeekdayNames[d]} {at}";
        if (dom == "*" && month == "*" && dow is "1-5" or "mon-fri") return $"every weekday (Monday to Friday) {at}";
        if (int.TryParse(dom, out var day) && month == "*" && dow == "*") return $"on day {day} of every month {at}";
        if (int.TryParse(dom, out var yday) && int.TryParse(month, out var mon) && mon is >= 1 and <= 12 && dow == "*") return $"every year on {MonthNames[mon]} {yday} {at}";
        if (dom == "1" && month == "*/3" && dow == "*") return $"on the first day of every quarter {at}";
        return $"cron '{cron.Text}' (UTC)";
    }
}
