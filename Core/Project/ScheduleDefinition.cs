using System.Globalization;

namespace Tapline.Core.Project;

/// <summary>
/// An entry of <c>schedules:</c>: elt-style (extractor, loader, transform) or job-style (job).
/// Tapline's own keys (<see cref="TaplineKeys"/>) live under <c>annotations: {tapline: ...}</c>, the place Meltano
/// reserves for other tools; <see cref="Extras"/> holds them flattened (so <c>Extras["timezone"]</c>), and
/// <see cref="Enabled"/> is the <c>enabled</c> one (absent means enabled) so the UI can pause a schedule.
/// </summary>
public sealed record ScheduleDefinition
{
    /// <summary>The key under <c>annotations</c> that holds Tapline's own schedule keys.</summary>
    public const string AnnotationKey = "tapline";

    /// <summary>Tapline's schedule keys; at the schedule's top level (their old spelling) they still read, with a warning.</summary>
    public static readonly IReadOnlyList<string> TaplineKeys = ["enabled", "timezone", "misfire", "overlap", "retries", "timeout", "stall_timeout"];

    public required string Name { get; init; }
    public string? Interval { get; init; }
    public string? Extractor { get; init; }
    public string? Loader { get; init; }
    public string? Transform { get; init; }
    public string? Job { get; init; }
    public string? StartDate { get; init; }
    public bool Enabled { get; init; } = true;
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public SourceLocation? Location { get; init; }

    public bool IsJobSchedule => Job is not null;

    /// <summary>Where the entry was read from, for error messages.</summary>
    public string? File => Location?.File;

    public int? Line => Location?.Line;

    /// <summary>
    /// One of Tapline's keys as text, as the schedule compiler checks it (<c>enabled</c> from <see cref="Enabled"/>,
    /// numbers in invariant form); null when absent or not a scalar.
    /// </summary>
    public string? Extra(string key) => key == "enabled"
        ? (Enabled ? "true" : "false")
        : Extras.GetValueOrDefault(key) switch
        {
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            string or bool => Extras[key]!.ToString(),
            _ => null,
        };
}
