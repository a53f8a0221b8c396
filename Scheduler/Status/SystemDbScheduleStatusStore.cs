using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Status;

/// <summary>Status rows in the system database's <c>schedule_status</c> table (both providers), which the Api reads.</summary>
public sealed class SystemDbScheduleStatusStore(SystemDbContextFactory contexts) : IScheduleStatusStore
{
    /// <remarks>
    /// Plain SQL, a few statements whatever the count: with 10,000 schedules EF's change tracker (a load, then
    /// 10,000 tracked updates) was most of a reload. Replicas may sync at the same moment; their rows say the same.
    /// </remarks>
    public async ValueTask SyncAsync(IReadOnlyCollection<ScheduleDefinitionStatus> schedules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        // One order for every replica, so two syncs lock rows in the same order and cannot deadlock.
        var ordered = schedules.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var sql = contexts.Sql;
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (sql.IsPostgres)
            {
                await SyncPostgresAsync(sql, connection, transaction, ordered, at, cancellationToken);
            }
            else
            {
                await SyncSqliteAsync(sql, connection, transaction, ordered, at, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException e) when (UniqueViolation.InSql(e) || e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected })
        {
            // Another replica synced the same rows at the same moment; its rows say the same thing.
        }
    }

    private static async Task SyncPostgresAsync(SystemDbSql sql, DbConnection connection, DbTransaction transaction,
        List<ScheduleDefinitionStatus> schedules, DateTime at, CancellationToken cancellationToken)
    {
        var names = schedules.Select(s => s.Name).ToArray();
        var nexts = schedules.Select(s => s.NextFireAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).ToArray();
        var errors = schedules.Select(s => s.Error).ToArray();
        await using (var delete = sql.Command(connection, "DELETE FROM schedule_status WHERE NOT (name = ANY(@names))", transaction, ("names", names)))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        // updated_at moves on every sync: it is also "a Scheduler was alive and watching this schedule".
        await using var upsert = sql.Command(connection, """
            INSERT INTO schedule_status (name, next_fire_at, error, updated_at)
            SELECT u.name, u.next_fire_at::timestamptz, u.error, @at FROM unnest(@names::text[], @nexts::text[], @errors::text[]) AS u(name, next_fire_at, error)
            ON CONFLICT (name) DO UPDATE SET next_fire_at = excluded.next_fire_at, error = excluded.error, updated_at = excluded.updated_at
            """, transaction, ("names", names), ("nexts", nexts), ("errors", errors), ("at", at));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task SyncSqliteAsync(SystemDbSql sql, DbConnection connection, DbTransaction transaction,
        List<ScheduleDefinitionStatus> schedules, DateTime at, CancellationToken cancellationToken)
    {
        var names = JsonSerializer.Serialize(schedules.Select(s => s.Name));
        await using (var delete = sql.Command(connection, "DELETE FROM schedule_status WHERE name NOT IN (SELECT value FROM json_each(@names))", transaction, ("names", names)))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        // One prepared statement, its values changed per row: SQLite runs it in-process, a row costs microseconds.
        await using var upsert = sql.Command(connection, """
            INSERT INTO schedule_status (name, next_fire_at, error, updated_at) VALUES (@name, @next, @error, @at)
            ON CONFLICT (name) DO UPDATE SET next_fire_at = excluded.next_fire_at, error = excluded.error, updated_at = excluded.updated_at
            """, transaction, ("name", ""), ("next", null), ("error", null), ("at", at));
        foreach (var s in schedules)
        {
            upsert.Parameters["name"].Value = sql.Value(s.Name);
            upsert.Parameters["next"].Value = sql.Value(s.NextFireAt?.UtcDateTime);
            upsert.Parameters["error"].Value = sql.Value(s.Error);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
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
