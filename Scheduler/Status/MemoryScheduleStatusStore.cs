using System.Collections.Concurrent;

namespace Tapline.Scheduler.Status;

/// <summary>Status kept in the process, for a Scheduler without a PostgreSQL system database.</summary>
public sealed class MemoryScheduleStatusStore : IScheduleStatusStore
{
    private readonly ConcurrentDictionary<string, ScheduleStatus> _rows = new(StringComparer.Ordinal);

    public ValueTask SyncAsync(IReadOnlyCollection<ScheduleDefinitionStatus> schedules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var names = schedules.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _rows.Keys.Where(k => !names.Contains(k)))
        {
            _rows.TryRemove(gone, out _);
        }
        foreach (var s in schedules)
        {
            _rows.AddOrUpdate(s.Name,
                _ => new ScheduleStatus(s.Name, s.NextFireAt, null, null, null, s.Error, now),
                (_, old) => old with { NextFireAt = s.NextFireAt, Error = s.Error, UpdatedAt = now });
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordFireAsync(string name, DateTimeOffset fireTime, string fireKey, string outcome, DateTimeOffset? nextFireAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        _rows.AddOrUpdate(name,
            _ => new ScheduleStatus(name, nextFireAt, fireTime, fireKey, outcome, null, now),
            (_, old) => old with { NextFireAt = nextFireAt, LastFireAt = fireTime, LastFireKey = fireKey, LastOutcome = outcome, UpdatedAt = now });
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<ScheduleStatus>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ScheduleStatus>>(_rows.Values.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());
}
