namespace Tapline.Core.Schedules;

/// <summary>Resolves a schedule's <c>timezone</c> extra key (an IANA id such as Europe/Berlin); UTC when absent.</summary>
public static class ScheduleTimeZones
{
    public static TimeZoneInfo Resolve(string schedule, string? id) =>
        TryResolve(schedule, id, out var zone, out var problem) ? zone : throw new ScheduleException(problem);

    public static bool TryResolve(string schedule, string? id, out TimeZoneInfo zone, out ScheduleProblem problem)
    {
        zone = TimeZoneInfo.Utc;
        problem = null!;
        if (string.IsNullOrWhiteSpace(id) || id.Trim().Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problem = new ScheduleProblem(schedule, "timezone", $"\"{id}\" is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York");
            return false;
        }
    }

    /// <summary>How a zone is named to people: "UTC" or its IANA id.</summary>
    public static string Label(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
}
