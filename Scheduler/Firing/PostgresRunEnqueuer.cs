using Npgsql;
using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// Inserts a queued run with its fire key in one statement. The unique index on <c>runs.fire_key</c>
/// is what makes a fire count once across replicas; the overlap check rides in the same statement
/// so there is no check-then-insert window for one replica.
/// </summary>
public sealed class PostgresRunEnqueuer(NpgsqlDataSource dataSource, TimeProvider time) : IRunEnqueuer
{
    public async ValueTask<EnqueueOutcome> EnqueueAsync(ScheduledRunRequest request, CancellationToken cancellationToken)
    {
        var s = request.Schedule;
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO runs (run_id, state_id, status, trigger, schedule_name, job_name, block, queued_at, fire_key, payload, trace_parent)
            SELECT @run_id, @state_id, 'queued', 'schedule', @schedule, @job, @block, @now, @fire_key, CAST(@payload AS jsonb), @trace
            WHERE @queue OR NOT EXISTS (SELECT 1 FROM runs WHERE state_id = @state_id AND status IN ('queued', 'running'))
            ON CONFLICT (fire_key) WHERE fire_key IS NOT NULL DO NOTHING
            RETURNING id
            """);
        command.Parameters.AddWithValue("run_id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("state_id", s.StateId);
        command.Parameters.AddWithValue("schedule", s.Name);
        command.Parameters.AddWithValue("job", (object?)s.Definition.Job ?? DBNull.Value);
        command.Parameters.AddWithValue("block", s.Block);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("fire_key", request.FireKey);
        command.Parameters.AddWithValue("payload", ScheduleRunPayload.For(s, request.FireTime, request.Attempt).ToJson());
        command.Parameters.AddWithValue("trace", (object?)request.TraceParent ?? DBNull.Value);
        command.Parameters.AddWithValue("queue", s.Policies.Overlap == OverlapPolicy.Queue);
        var id = await command.ExecuteScalarAsync(cancellationToken);
        if (id is not null)
        {
            return EnqueueOutcome.Enqueued;
        }
        return await FireKeyExistsAsync(request.FireKey, cancellationToken) ? EnqueueOutcome.Duplicate : EnqueueOutcome.SkippedOverlap;
    }

    public async ValueTask<bool> FireKeyExistsAsync(string fireKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM runs WHERE fire_key = @key)");
        command.Parameters.AddWithValue("key", fireKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
