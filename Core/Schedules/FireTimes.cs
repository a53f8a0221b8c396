using Quartz;

namespace Tapline.Core.Schedules;

/// <summary>
/// When a schedule fires, computed with Quartz's own cron evaluator so the Api, the CLI and the
/// Scheduler's triggers can never disagree. Times are UTC instants; the wall clock the cron reads is
/// the schedule's time zone, so a "0 2 * * *" schedule in Europe/Berlin stays at 02:00 local across DST.
/// </summary>
public static class FireTimes
{
    /// <summary>The first fire strictly after <paramref name="after"/>, or null when the interval never fires again.</summary>
    /// <param name="startDate">No fire before this instant (Meltano's <c>start_date</c>).</param>
    /// <param name="onceDone">For <c>@once</c>: whether its single run has been enqueued already.</param>
    public static DateTimeOffset? Next(ScheduleInterval interval, TimeZoneInfo zone, DateTimeOffset after,
        DateTimeOffset? startDate = null, bool onceDone = false)
    {
        switch (interval.Kind)
        {
            case IntervalKind.Manual:
                return null;
            case IntervalKind.Once:
                if (onceDone)
                {
                    return null;
                }
                return startDate is { } start && start > after ? start : after;
        }

        var from = startDate is { } s && s.AddTicks(-1) > after ? s.AddTicks(-1) : after;
        DateTimeOffset? best = null;
        foreach (var expression in interval.QuartzCron)
        {
            var next = new CronExpression(expression, zone).GetNextValidTimeAfter(from);
            if (next is { } n && (best is null || n < best))
            {
                best = n;
            }
        }
        return best?.ToUniversalTime();
    }

    /// <summary>The next <paramref name="count"/> fires after <paramref name="after"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Upcoming(ScheduleInterval interval, TimeZoneInfo zone, DateTimeOffset after, int count,
        DateTimeOffset? startDate = null)
    {
        var result = new List<DateTimeOffset>(count);
        if (interval.Kind != IntervalKind.Cron)
        {
            if (Next(interval, zone, after, startDate) is { } single)
            {
                result.Add(single);
            }
            return result;
        }

        var cursor = after;
        while (result.Count < count && Next(interval, zone, cursor, startDate) is { } next)
        {
            result.Add(next);
            cursor = next;
        }
        return result;
    }
}
