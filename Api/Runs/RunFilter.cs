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

    /// <summary>
    /// The filter as a SQL condition on <c>runs</c> and its parameters (values as <c>SystemDbSql.Value</c> stores them).
    /// Only the conditions in use are emitted, so each filter shape is one statement PostgreSQL plans on its own.
    /// </summary>
    public (string Where, (string Name, object? Value)[] Parameters) ToSql()
    {
        var conditions = new List<string>(6);
        var parameters = new List<(string, object?)>(6);
        void Add(string condition, string name, object value)
        {
            conditions.Add(condition);
            parameters.Add((name, value));
        }
        if (StateId is not null) Add("state_id = @state_id", "state_id", StateId);
        if (Schedule is not null) Add("schedule_name = @schedule", "schedule", Schedule);
        if (Status is { } status) Add("status = @status", "status", status);
        if (Trigger is { } trigger) Add("trigger = @trigger", "trigger", trigger);
        if (FromUtc is { } from) Add("queued_at >= @from", "from", from);
        if (ToUtc is { } to) Add("queued_at < @to", "to", to);
        return (conditions.Count == 0 ? "1 = 1" : string.Join(" AND ", conditions), parameters.ToArray());
    }
}
