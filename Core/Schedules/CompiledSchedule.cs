using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tapline.Core.Project;

namespace Tapline.Core.Schedules;

/// <summary>A valid schedule, ready to be turned into triggers and runs.</summary>
public sealed record CompiledSchedule
{
    public required ScheduleDefinition Definition { get; init; }
    public required ScheduleKind Kind { get; init; }
    public required ScheduleInterval Interval { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public DateTimeOffset? StartDate { get; init; }
    public required SchedulePolicies Policies { get; init; }
    public bool Enabled { get; init; } = true;

    /// <summary>The Meltano environment its runs use (the Scheduler's, else the project's default_environment).</summary>
    public string? Environment { get; init; }

    /// <summary>The state id its runs use.</summary>
    public required string StateId { get; init; }

    /// <summary>The pipeline as <c>meltano run</c> arguments (<c>tap-csv target-jsonl</c>).</summary>
    public required string Block { get; init; }

    public string Name => Definition.Name;

    /// <summary>"every day at 00:00 UTC".</summary>
    public string Description => IntervalDescriber.Describe(Interval, TimeZone);

    /// <summary>Whether this schedule has triggers at all (enabled and not manual).</summary>
    public bool Fires => Enabled && Interval.Fires;

    /// <summary>
    /// A hash of everything that decides WHEN it fires. Triggers are replaced only when this changes,
    /// so a restart keeps Quartz's stored next-fire times (and so its misfire handling).
    /// </summary>
    public string TriggerFingerprint
    {
        get
        {
            var text = string.Join('\n', Interval.Text, string.Join('|', Interval.QuartzCron), TimeZone.Id,
                StartDate?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "", Policies.Misfire, Enabled);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        }
    }

    public DateTimeOffset? NextFire(DateTimeOffset after, bool onceDone = false) =>
        Fires ? FireTimes.Next(Interval, TimeZone, after, StartDate, onceDone) : null;
}
