namespace Tapline.Api.Overview;

/// <summary>GET /overview: one glance at "is everything fine?" (issue 16).</summary>
public sealed record OverviewView(
    DateTime GeneratedAt,
    IReadOnlyList<RunningRun> Running,
    IReadOnlyList<FailedRun> Failures,
    IReadOnlyList<PipelineTrend> Pipelines,
    IReadOnlyList<NextFire> NextFires,
    IReadOnlyList<BrokenSchedule> Broken,
    IReadOnlyList<StreamLag> Stale,
    IReadOnlyList<TimelineRun> Timeline);

/// <summary>A run running now, with its records/s from the last progress samples (null until two exist).</summary>
public sealed record RunningRun(long Id, string Pipeline, string Block, DateTime? StartedAt, long Records, double? RecordsPerSecond);

/// <summary>A run of the last 24 h that failed, died or stalled.</summary>
public sealed record FailedRun(long Id, string Pipeline, string Status, DateTime? EndedAt, string? Error);

/// <summary>A schedule's last 7 days: success rate and, per day, runs, failures and mean duration.</summary>
public sealed record PipelineTrend(string Pipeline, int Runs, int Succeeded, double? SuccessRate, IReadOnlyList<DayTrend> Days);

public sealed record DayTrend(DateOnly Day, int Runs, int Failed, double? MeanDurationSeconds);

public sealed record NextFire(string Schedule, DateTime At);

/// <summary>A schedule that cannot fire (or whose Tapline annotations are wrong), with the reason and its file and line.</summary>
public sealed record BrokenSchedule(string Schedule, string Error);

/// <summary>One stream's data lag by its bookmark (see Core/Insight/Freshness).</summary>
public sealed record StreamLag(string Schedule, string StateId, string Stream, DateTimeOffset Bookmark, double LagSeconds, double? ThresholdSeconds, bool Breached);

/// <summary>A run of the last 24 h for the day's gantt: its pipeline, status and span.</summary>
public sealed record TimelineRun(long Id, string Pipeline, string Status, DateTime? StartedAt, DateTime? EndedAt);
