namespace Tapline.Core.Schedules;

/// <summary>
/// Parses Meltano's <c>interval</c> values: <c>@once</c>, <c>@manual</c>/<c>@none</c>, the presets
/// (<c>@hourly @daily @weekly @monthly @yearly</c>, plus <c>@annually</c>/<c>@midnight</c> as Airflow
/// and croniter accept them), any 5-field cron, and 6-field cron with seconds first.
/// </summary>
public static class IntervalParser
{
    /// <summary>The presets and the classic cron each stands for (croniter's meaning).</summary>
    public static readonly IReadOnlyDictionary<string, string> Presets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    /// <summary>Every interval name Tapline accepts, in the order people reach for them (the editor offers these).</summary>
    public static readonly IReadOnlyList<string> Names = ["@once", "@manual", "@none", .. Presets.Keys];

    /// <summary>The cron an interval stands for (a preset's, or the text itself); null for @once/@manual/@none or an invalid interval.</summary>
    public static string? CronOf(string? interval) =>
        TryParse("", interval, out var parsed, out _) ? parsed.Cron : null;

    /// <summary>Parses <paramref name="interval"/> of schedule <paramref name="schedule"/>; throws <see cref="ScheduleException"/> naming both.</summary>
    public static ScheduleInterval Parse(string schedule, string? interval) =>
        TryParse(schedule, interval, out var result, out var problem) ? result : throw new ScheduleException(problem);

    public static bool TryParse(string schedule, string? interval, out ScheduleInterval result, out ScheduleProblem problem)
    {
        result = null!;
        problem = null!;
        var text = interval?.Trim() ?? "";
        if (text.Length == 0)
        {
            problem = new ScheduleProblem(schedule, "interval", "is missing; use @daily, @hourly, @once, @manual or a cron expression like \"0 3 * * *\"");
            return false;
        }

        if (text.Equals("@once", StringComparison.OrdinalIgnoreCase))
        {
            result = new ScheduleInterval(text, IntervalKind.Once, null, []);
            return true;
        }

        if (text.Equals("@manual", StringComparison.OrdinalIgnoreCase) || text.Equals("@none", StringComparison.OrdinalIgnoreCase))
        {
            result = new ScheduleInterval(text, IntervalKind.Manual, null, []);
            return true;
        }

        var cron = text;
        if (text.StartsWith('@'))
        {
            if (!Presets.TryGetValue(text, out var preset))
            {
                problem = new ScheduleProblem(schedule, "interval",
                    $"\"{text}\" is not a known preset; use one of @once, @manual, @none, {string.Join(", ", Presets.Keys)} or a cron expression");
                return false;
            }
            cron = preset;
        }

        try
        {
            var quartz = QuartzCronTranslator.Translate(cron);
            result = new ScheduleInterval(text, IntervalKind.Cron, string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries)), quartz);
            return true;
        }
        catch (FormatException e)
        {
            problem = new ScheduleProblem(schedule, "interval", $"\"{text}\": {e.Message}");
            return false;
        }
    }
}
