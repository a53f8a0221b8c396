using Npgsql;
using Quartz;
using Quartz.Extensibility;
using Tapline.Core.Data.Database;

namespace Tapline.Scheduler.Triggers;

/// <summary>
/// Adds many new cron schedules to the clustered store in one transaction. Quartz's ADO store writes
/// a job and its trigger with about seven statements each (exists? insert, exists? paused group?
/// insert, insert), so 10,000 schedules cost 70,000 round trips; here they cost five.
/// <para>
/// The rows are not built by hand: Quartz stores one template (the schedule that fires first, parked
/// far in the future so no Scheduler acquires it meanwhile) and every other row is a copy of the
/// template's rows with only the per-schedule columns changed. Whatever Quartz writes in the other
/// columns (state, priority, prev fire time, job class, its own additions in later versions) is
/// therefore exactly what it would have written. Quartz then replaces the parked template with the
/// real trigger, which also wakes the scheduler thread for the earliest new fire.
/// </para>
/// </summary>
public sealed class BulkTriggerWriter(SystemDatabaseConnection database)
{
    /// <summary>Below this many new schedules, Quartz's own path is as fast and simpler.</summary>
    public const int Threshold = 20;

    /// <summary>Far enough that no Scheduler acquires the template; Quartz's cron stops 100 years ahead.</summary>
    private static readonly TimeSpan Parked = TimeSpan.FromDays(365 * 50);

    /// <summary>
    /// Stores <paramref name="jobs"/> (new jobs whose triggers are all cron triggers that will fire).
    /// Rows another replica inserted meanwhile are left as they are: both came from the same meltano.yml.
    /// </summary>
    public async Task AddAsync(IScheduler scheduler, IReadOnlyList<KeyValuePair<IJobDetail, IReadOnlyCollection<ITrigger>>> jobs,
        CancellationToken cancellationToken)
    {
        var template = jobs.MinBy(j => j.Value.Min(t => t.NextFireTimeUtc!.Value));
        var templateTrigger = template.Value.First();
        var parked = templateTrigger.GetTriggerBuilder().StartAt(DateTimeOffset.UtcNow + Parked).Build();
        await scheduler.ScheduleJob(template.Key, [parked], ScheduleJobOptions.Replacing, cancellationToken);

        var others = jobs.Where(j => j.Key.Key != template.Key.Key).ToList();
        var triggers = others.SelectMany(j => j.Value).Cast<ICronTrigger>().ToList();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // The lock Quartz's own writers and trigger acquisition take (its row exists: the template took it).
            await ExecuteAsync(connection, "SELECT 1 FROM qrtz_locks WHERE sched_name = @sched AND lock_name = 'TRIGGER_ACCESS' FOR UPDATE",
                [new("sched", scheduler.SchedulerName)], cancellationToken);

            await CloneAsync(connection, "qrtz_job_details", "job_name", template.Key.Key.Name,
                new()
                {
                    ["job_name"] = others.Select(j => j.Key.Key.Name).ToArray(),
                    ["description"] = others.Select(j => j.Key.Description).ToArray(),
                },
                scheduler.SchedulerName, cancellationToken);
            await CloneAsync(connection, "qrtz_triggers", "trigger_name", templateTrigger.Key.Name,
                new()
                {
                    ["trigger_name"] = triggers.Select(t => t.Key.Name).ToArray(),
                    ["job_name"] = triggers.Select(t => t.JobKey.Name).ToArray(),
                    ["description"] = triggers.Select(t => t.Description).ToArray(),
                    ["next_fire_time"] = triggers.Select(t => t.NextFireTimeUtc!.Value.UtcTicks).ToArray(),
                    ["start_time"] = triggers.Select(t => t.StartTimeUtc.UtcTicks).ToArray(),
                    ["misfire_instr"] = triggers.Select(t => (short)t.MisfireInstructionCode).ToArray(),
                },
                scheduler.SchedulerName, cancellationToken);
            await CloneAsync(connection, "qrtz_cron_triggers", "trigger_name", templateTrigger.Key.Name,
                new()
                {
                    ["trigger_name"] = triggers.Select(t => t.Key.Name).ToArray(),
                    ["cron_expression"] = triggers.Select(t => t.CronExpressionString!).ToArray(),
                    ["time_zone_id"] = triggers.Select(t => t.TimeZone.Id).ToArray(),
                },
                scheduler.SchedulerName, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await scheduler.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [template.Key] = template.Value },
            ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>Whether Quartz can take this new job the bulk way: cron triggers only, each with a first fire.</summary>
    public static bool Fits(IReadOnlyCollection<ITrigger> triggers) =>
        triggers.All(t => t is ICronTrigger && t is IOperableTrigger o && o.ComputeFirstFireTimeUtc(null) is not null);

    /// <summary>
    /// Inserts one row per array element: a copy of the template row (<paramref name="keyColumn"/> =
    /// <paramref name="template"/>) with the columns of <paramref name="values"/> taken from the arrays.
    /// </summary>
    private static async Task CloneAsync(NpgsqlConnection connection, string table, string keyColumn, string template,
        Dictionary<string, Array> values, string sched, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY ordinal_position",
            connection))
        {
            command.Parameters.AddWithValue("t", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        var names = values.Keys.ToList();
        var sql = $"""
            INSERT INTO {table} ({string.Join(", ", columns)})
            SELECT {string.Join(", ", columns.Select(c => values.ContainsKey(c) ? "n." + c : "t." + c))}
            FROM {table} t, unnest({string.Join(", ", names.Select((_, i) => "@p" + i))}) AS n({string.Join(", ", names)})
            WHERE t.sched_name = @sched AND t.{keyColumn} = @template AND t.{(table == "qrtz_job_details" ? "job_group" : "trigger_group")} = @group
            ON CONFLICT DO NOTHING
            """;
        var parameters = names.Select((n, i) => new NpgsqlParameter("p" + i, values[n])).ToList();
        parameters.Add(new("sched", sched));
        parameters.Add(new("template", template));
        parameters.Add(new("group", TriggerPlan.Group));
        await ExecuteAsync(connection, sql, parameters, cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, IEnumerable<NpgsqlParameter> parameters,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
