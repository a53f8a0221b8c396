using Npgsql;

namespace Tapline.Scheduler.Clustering;

/// <summary>
/// Makes sure Quartz's <c>qrtz_*</c> tables exist on PostgreSQL, running the create-only script
/// under an advisory lock so replicas starting together do not race each other's DDL.
/// </summary>
public static class SchedulerSchema
{
    /// <summary>Advisory lock key: "tapline-qrtz" folded into a bigint.</summary>
    private const long LockKey = 0x7461706C_71727A00;

    public static async Task EnsureQuartzTablesAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            foreach (var statement in Statements())
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", LockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The script's statements, split on its <c>--;;</c> separator lines.</summary>
    public static IReadOnlyList<string> Statements()
    {
        using var stream = typeof(SchedulerSchema).Assembly.GetManifestResourceStream("Tapline.Scheduler.Clustering.qrtz_tables_postgres.sql")
            ?? throw new InvalidOperationException("qrtz_tables_postgres.sql is not embedded in the Scheduler assembly");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd();
        return script.Split("\n--;;\n")
            .Select(chunk => string.Join('\n', chunk.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(chunk => chunk.Length > 0)
            .ToList();
    }
}
