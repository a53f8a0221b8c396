namespace Tapline.Api.Schedules;

/// <summary>A schedule as the UI shows it (docs/api.md, Schedule object).</summary>
public sealed record ScheduleView(
    string Name,
    string Kind,
    string? Extractor,
    string? Loader,
    string? Transform,
    string? Job,
    IReadOnlyList<string>? Tasks,
    string? Interval,
    string? Cron,
    string? IntervalText,
    bool Enabled,
    DateTime? NextFireAt,
    string? Error,
    ScheduleRun? LastRun,
    IReadOnlyList<ScheduleRun> Recent);

/// <summary>One recent run of a schedule.</summary>
public sealed record ScheduleRun(long Id, string Status, DateTime? StartedAt, double? DurationSeconds, long Records);

/// <summary>An entry of jobs: its tasks as written (a string, or a list of strings run as one block).</summary>
public sealed record JobView(string Name, IReadOnlyList<object> Tasks);
