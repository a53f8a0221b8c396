namespace Tapline.Api.Schedules;

/// <summary>A schedule as the UI shows it (docs/api.md, Schedule object).</summary>
/// <param name="IntervalText">Words for the interval in the schedule's time zone (Core's <c>IntervalDescriber</c>).</param>
/// <param name="NextFireAt">The next fire, computed by Core's <c>FireTimes</c> exactly as the Scheduler computes it (time zone and start_date included).</param>
/// <param name="Error">Why the schedule cannot run (every problem, naming file, line and field); null when it can.</param>
/// <param name="Scheduler">What the Scheduler recorded (<c>schedule_status</c>); null when no Scheduler has seen this schedule yet.</param>
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
    string Timezone,
    string? StartDate,
    bool Enabled,
    DateTime? NextFireAt,
    string? Error,
    ScheduleStatusView? Scheduler,
    ScheduleRun? LastRun,
    IReadOnlyList<ScheduleRun> Recent);

/// <summary>The Scheduler's own record of a schedule: its last fire and what came of it, its next fire, its error.</summary>
/// <param name="LastOutcome">enqueued | duplicate | skipped_overlap.</param>
/// <param name="UpdatedAt">When a Scheduler last synced this row: also "a Scheduler was alive and watching".</param>
public sealed record ScheduleStatusView(DateTime? LastFireAt, string? LastOutcome, DateTime? NextFireAt, string? Error, DateTime UpdatedAt);

/// <summary>One recent run of a schedule.</summary>
public sealed record ScheduleRun(long Id, string Status, DateTime? StartedAt, double? DurationSeconds, long Records);

/// <summary>An entry of jobs: its tasks as written (a string, or a list of strings run as one block).</summary>
public sealed record JobView(string Name, IReadOnlyList<object> Tasks);

/// <summary>GET /schedules/interval: an interval as Core reads it, so the editor's preview says what the Scheduler will do.</summary>
/// <param name="Presets">Every interval name Core accepts, for the editor's suggestions.</param>
public sealed record IntervalView(string Interval, string? Cron, string? Words, DateTime? NextFireAt, string? Error, IReadOnlyList<string> Presets);
