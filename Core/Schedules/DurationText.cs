using System.Globalization;
using System.Text.RegularExpressions;

namespace Tapline.Core.Schedules;

/// <summary>Durations as people write them in meltano.yml: <c>90</c> (seconds), <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>, or <c>01:30:00</c>.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            return false;
        }

        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return seconds > 0;
        }

        var m = Units().Match(t);
        if (m.Success && t.Length > 0)
        {
            long Group(int i) => m.Groups[i].Success ? long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
            duration = TimeSpan.FromDays(Group(1)) + TimeSpan.FromHours(Group(2)) + TimeSpan.FromMinutes(Group(3)) + TimeSpan.FromSeconds(Group(4));
            return duration > TimeSpan.Zero;
        }

        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
