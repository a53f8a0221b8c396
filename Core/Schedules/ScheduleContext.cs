namespace Tapline.Core.Schedules;

/// <summary>
/// What a schedule is checked against: the active environment (for job state ids) and the
/// project's plugins and jobs. A null set means "not known here", and that check is skipped.
/// </summary>
public sealed record ScheduleContext
{
    public string? Environment { get; init; }

    /// <summary>The active environment's <c>state_id_suffix</c>, part of every generated state id.</summary>
    public string? StateIdSuffix { get; init; }
    public IReadOnlySet<string>? Extractors { get; init; }
    public IReadOnlySet<string>? Loaders { get; init; }

    /// <summary>Job name to its tasks, each a block as written (<c>"tap-csv target-jsonl"</c>), nested lists flattened.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Jobs { get; init; }

    public static readonly ScheduleContext Unknown = new();
}
