namespace Tapline.Core.Schedules;

/// <summary>
/// The create-only Quartz.NET 4.7.3 schema (<c>qrtz_*</c> tables) for PostgreSQL, which the
/// Scheduler's clustered job store needs. Quartz's own tables_postgres.sql drops the tables first;
/// this one never drops, so it is applied as a migration of the system database.
/// </summary>
public static class QuartzSchema
{
    private const string Resource = "Tapline.Core.Schedules.qrtz_tables_postgres.sql";

    /// <summary>The script's statements, split on its <c>--;;</c> separator lines, comments removed.</summary>
    public static IReadOnlyList<string> PostgresStatements()
    {
        using var stream = typeof(QuartzSchema).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in the Core assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split("\n--;;\n")
            .Select(chunk => string.Join('\n', chunk.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(chunk => chunk.Length > 0)
            .ToList();
    }

    /// <summary>The tables the script creates, for checks and for the down migration.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "qrtz_fired_triggers", "qrtz_paused_trigger_grps", "qrtz_paused_job_grps", "qrtz_scheduler_state", "qrtz_locks",
        "qrtz_simprop_triggers", "qrtz_simple_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers", "qrtz_triggers",
        "qrtz_job_details", "qrtz_calendars", "qrtz_execution_history", "qrtz_misfire_history", "qrtz_job_status",
    ];
}
