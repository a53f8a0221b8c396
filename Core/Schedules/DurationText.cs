using System.Globalization;
using System.Text.RegularExpressions;

namespace Tapline.Core.Schedules;

/// <summary>Durations as people write them in meltano.yml: <c>90</c> (seconds), <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>, or <c>01:30:00</c>.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    /// <summary>A positive duration (a schedule's timeout, stall_timeout, freshness threshold).</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => TryRead(text, out duration) && duration > TimeSpan.Zero;

    /// <summary>
    /// Every duration Tapline reads, settings and schedule keys alike: seconds (<c>300</c>, <c>0.5</c>), one unit with
    /// a number (<c>1.5h</c>), units together (<c>1d2h30m</c>, <c>90s</c>) or <c>hh:mm:ss</c>; never negative.
    /// </summary>
    public static bool TryRead(string? text, out TimeSpan duration)
    {
        duration = default;
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            return false;
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }

        var unit = t.Length > 1 ? char.ToLowerInvariant(t[^1]) : ' ';
        if (unit is 's' or 'm' or 'h' or 'd' && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            duration = unit switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
            return true;
        }

        var m = Units().Match(t);
        if (m.Success)
        {
            long Group(int i) => m.Groups[i].Success ? long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            duration = TimeSpan.FromDays(Group(1)) + TimeSpan.FromHours(Group(2)) + TimeSpan.FromMinutes(Group(3)) + TimeSpan.FromSeconds(Group(4));
            return true;
        }

        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
