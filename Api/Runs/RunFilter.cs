using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>The filters of GET /runs, parsed; a value type so it can key the cached totals.</summary>
public sealed record RunFilter(string? StateId, string? Schedule, RunStatus? Status, RunTrigger? Trigger, DateTime? FromUtc, DateTime? ToUtc)
{
    public static RunFilter From(ListRunsQuery query) => new(
        string.IsNullOrEmpty(query.StateId) ? null : query.StateId,
        string.IsNullOrEmpty(query.Schedule) ? null : query.Schedule,
        query.Status is null ? null : Enum.Parse<RunStatus>(query.Status, ignoreCase: true),
        query.Trigger is null ? null : Enum.Parse<RunTrigger>(query.Trigger, ignoreCase: true),
        query.From?.UtcDateTime,
        query.To?.UtcDateTime);

    public IQueryable<RunRecord> Apply(IQueryable<RunRecord> runs)
    {
        if (StateId is not null) runs = runs.Where(r => r.StateId == StateId);
        if (Schedule is not null) runs = runs.Where(r => r.ScheduleName == Schedule);
        if (Status is { } status) runs = runs.Where(r => r.Status == status);
        if (Trigger is { } trigger) runs = runs.Where(r => r.Trigger == trigger);
        if (FromUtc is { } from) runs = runs.Where(r => r.QueuedAt >= from);
        if (ToUtc is { } to) runs = runs.Where(r => r.QueuedAt < to);
        return runs;
    }
}
