namespace Tapline.Core.Project;

/// <summary>
/// An entry of <c>schedules:</c>: elt-style (extractor, loader, transform) or job-style (job).
/// <see cref="Enabled"/> is Tapline's key <c>enabled:</c> (absent means enabled) so the UI can pause a schedule.
/// </summary>
public sealed class ScheduleDefinition
{
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
