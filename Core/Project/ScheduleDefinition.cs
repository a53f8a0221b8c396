namespace Tapline.Core.Project;

/// <summary>
/// An entry of <c>schedules:</c>: elt-style (extractor, loader, transform) or job-style (job).
/// Tapline's own keys (<see cref="TaplineKeys"/>) live under <c>annotations: {tapline: ...}</c>, the place Meltano
/// reserves for other tools; <see cref="Extras"/> holds them flattened (so <c>Extras["timezone"]</c>), and
/// <see cref="Enabled"/> is the <c>enabled</c> one (absent means enabled) so the UI can pause a schedule.
/// </summary>
public sealed class ScheduleDefinition
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
}
