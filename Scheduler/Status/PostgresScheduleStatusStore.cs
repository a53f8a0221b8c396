using Npgsql;

namespace Tapline.Scheduler.Status;

/// <summary>Status rows in the system database's <c>schedule_status</c> table, which the Api reads.</summary>
public sealed class PostgresScheduleStatusStore(NpgsqlDataSource dataSource) : IScheduleStatusStore
{
    public async ValueTask SyncAsync(IReadOnlyCollection<ScheduleDefinitionStatus> schedules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = new NpgsqlCommand("DELETE FROM schedule_status WHERE NOT (name = ANY(@names))", connection, tx))
        {
            delete.Parameters.AddWithValue("names", schedules.Select(s => s.Name).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var batch = new NpgsqlBatch(connection, tx);
        foreach (var s in schedules)
        {
            var command = new NpgsqlBatchCommand(
                """
                INSERT INTO schedule_status (name, next_fire_at, error, updated_at) VALUES (@name, @next, @error, @now)
                ON CONFLICT (name) DO UPDATE SET next_fire_at = EXCLUDED.next_fire_at, error = EXCLUDED.error, updated_at = EXCLUDED.updated_at
                """);
            command.Parameters.AddWithValue("name", s.Name);
            command.Parameters.AddWithValue("next", (object?)s.NextFireAt ?? DBNull.Value);
            command.Parameters.AddWithValue("error", (object?)s.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("now", now);
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async ValueTask RecordFireAsync(string name, DateTimeOffset fireTime, string fireKey, string outcome, DateTimeOffset? nextFireAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two replicas record the same fire; the later fire time wins so the row never goes backwards.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO schedule_status (name, next_fire_at, last_fire_at, last_fire_key, last_outcome, updated_at)
            VALUES (@name, @next, @fire, @key, @outcome, @now)
            ON CONFLICT (name) DO UPDATE SET next_fire_at = EXCLUDED.next_fire_at, last_fire_at = EXCLUDED.last_fire_at,
                last_fire_key = EXCLUDED.last_fire_key, last_outcome = EXCLUDED.last_outcome, updated_at = EXCLUDED.updated_at
            WHERE schedule_status.last_fire_at IS NULL OR schedule_status.last_fire_at <= EXCLUDED.last_fire_at
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("next", (object?)nextFireAt ?? DBNull.Value);
        command.Parameters.AddWithValue("fire", fireTime);
        command.Parameters.AddWithValue("key", fireKey);
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<ScheduleStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, next_fire_at, last_fire_at, last_fire_key, last_outcome, error, updated_at FROM schedule_status ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ScheduleStatus>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ScheduleStatus(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return rows;
    }
}
