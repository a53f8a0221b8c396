using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.Core.Schedules;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Clustering;

public sealed class QuartzSchemaTests
{
    [Fact]
    public async Task Postgres_migrations_create_the_quartz_tables_and_a_second_start_drops_nothing()
    {
        var pg = await PostgresServer.GetAsync();
        var cs = await pg.CreateDatabaseAsync("tapline_scheduler_quartz_schema");
        var database = SystemDatabaseConnection.FromNpgsqlConnectionString(cs);
        await SystemDatabase.MigrateAsync(database);

        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('tapline', 'TRIGGER_ACCESS')", connection);
            await insert.ExecuteNonQueryAsync();
        }

        await SystemDatabase.MigrateAsync(database);

        await using var check = new NpgsqlConnection(cs);
        await check.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY(@names)", check);
        tables.Parameters.AddWithValue("names", QuartzSchema.Tables.Append("schedule_status").ToArray());
        Assert.Equal(QuartzSchema.Tables.Count + 1, (long)(await tables.ExecuteScalarAsync())!);
        await using var locks = new NpgsqlCommand("SELECT count(*) FROM qrtz_locks", check);
        Assert.Equal(1L, (long)(await locks.ExecuteScalarAsync())!);
    }

    [Fact]
    public void The_schema_script_only_creates()
    {
        var statements = QuartzSchema.PostgresStatements();
        Assert.Equal(QuartzSchema.Tables.Count, statements.Count(s => s.StartsWith("CREATE TABLE IF NOT EXISTS", StringComparison.Ordinal)));
        Assert.All(statements, s => Assert.StartsWith("CREATE ", s));
        Assert.DoesNotContain(statements, s => s.Contains("DROP", StringComparison.OrdinalIgnoreCase));
    }
}
