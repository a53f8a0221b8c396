using Npgsql;
using NpgsqlTypes;

namespace Tapline.ApiBenchmarks;

/// <summary>Fills the runs table with realistic rows through binary COPY (seconds, not minutes).</summary>
public static class RunSeeder
{
    private static readonly string[] Statuses = ["success", "success", "success", "success", "failed", "cancelled", "dead"];
    private static readonly string[] Triggers = ["schedule", "schedule", "cli", "api"];

    public static async Task SeedAsync(string connectionString, int rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var start = DateTime.UtcNow.AddDays(-rows / 1440.0 - 1);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY runs (run_id, state_id, status, trigger, schedule_name, block, queued_at, started_at, ended_at, heartbeat_at, worker_id, exit_codes, error, stream_counts, records, log_path, cancel_requested) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < rows; i++)
            {
                var pipeline = i % 20;
                var queued = start.AddMinutes(i);
                var status = Statuses[i % Statuses.Length];
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync($"prod:tap-source{pipeline}-to-target-warehouse", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(status, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(Triggers[i % Triggers.Length], NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync($"hourly-source{pipeline}", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync($"tap-source{pipeline} target-warehouse", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(queued, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(queued.AddSeconds(2), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(queued.AddSeconds(2 + i % 300), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(queued.AddSeconds(2 + i % 300), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync($"runner-{i % 4}:{1000 + i % 4}", NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync($$"""{"tap-source{{pipeline}}": 0, "target-warehouse": {{(status == "failed" ? 1 : 0)}}}""", NpgsqlDbType.Text, cancellationToken);
                if (status == "failed")
                    await writer.WriteAsync("Loader failed: relation \"users\" does not exist", NpgsqlDbType.Text, cancellationToken);
                else
                    await writer.WriteNullAsync(cancellationToken);
                await writer.WriteAsync("""{"users": {"records": 1200, "bytes": 240000}, "orders": {"records": 5400, "bytes": 1100000}}""", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(6600L, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync($".meltano/logs/elt/prod:tap-source{pipeline}-to-target-warehouse/{i}/elt.log", NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
        // Autovacuum would have done this on a real server; it makes the visibility map current for index-only counts.
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE runs", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}
