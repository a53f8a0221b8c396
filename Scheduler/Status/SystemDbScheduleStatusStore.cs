using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Status;

/// <summary>Status rows in the system database's <c>schedule_status</c> table (both providers), which the Api reads.</summary>
public sealed class SystemDbScheduleStatusStore(SystemDbContextFactory contexts) : IScheduleStatusStore
{
    public async ValueTask SyncAsync(IReadOnlyCollection<ScheduleDefinitionStatus> schedules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        await using var context = contexts.CreateDbContext();
        var rows = await context.ScheduleStatus.ToDictionaryAsync(r => r.Name, StringComparer.Ordinal, cancellationToken);
        var wanted = schedules.ToDictionary(s => s.Name, StringComparer.Ordinal);
        context.ScheduleStatus.RemoveRange(rows.Values.Where(r => !wanted.ContainsKey(r.Name)));
        foreach (var s in schedules)
        {
            if (!rows.TryGetValue(s.Name, out var row))
            {
                row = new ScheduleStatusRecord { Name = s.Name };
                context.ScheduleStatus.Add(row);
            }
            // updated_at moves on every sync: it is also "a Scheduler was alive and watching this schedule".
            row.NextFireAt = s.NextFireAt?.UtcDateTime;
            row.Error = s.Error;
            row.UpdatedAt = at;
        }
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica synced the same rows at the same moment; its rows say the same thing.
        }
    }

    public async ValueTask RecordFireAsync(string name, DateTimeOffset fireTime, string fireKey, string outcome, DateTimeOffset? nextFireAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fire = fireTime.UtcDateTime;
        var next = nextFireAt?.UtcDateTime;
        var at = now.UtcDateTime;
        await using var context = contexts.CreateDbContext();
        // Replicas record the same fire; a later fire time wins so the row never goes backwards.
        var updated = await context.ScheduleStatus
            .Where(r => r.Name == name && (r.LastFireAt == null || r.LastFireAt <= fire))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.NextFireAt, next)
                .SetProperty(r => r.LastFireAt, fire)
                .SetProperty(r => r.LastFireKey, fireKey)
                .SetProperty(r => r.LastOutcome, outcome)
                .SetProperty(r => r.UpdatedAt, at), cancellationToken);
        if (updated == 0 && !await context.ScheduleStatus.AnyAsync(r => r.Name == name, cancellationToken))
        {
            context.ScheduleStatus.Add(new ScheduleStatusRecord
            {
                Name = name, NextFireAt = next, LastFireAt = fire, LastFireKey = fireKey, LastOutcome = outcome, UpdatedAt = at,
            });
            try
            {
                await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Inserted by a replica meanwhile: that row records the same fire.
            }
        }
    }

    public async ValueTask<IReadOnlyList<ScheduleStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var context = contexts.CreateDbContext();
        var rows = await context.ScheduleStatus.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rows.Select(r => new ScheduleStatus(r.Name, Utc(r.NextFireAt), Utc(r.LastFireAt), r.LastFireKey, r.LastOutcome, r.Error,
            new DateTimeOffset(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)))).ToList();
    }

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
