using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Tests.Data;

/// <summary>
/// SystemDatabase applies the migrations with plain ADO.NET from EF's generated SQL; the database it leaves must be
/// the one EF's own migrator leaves, from any starting point, under concurrency, and untouched when a migration fails.
/// </summary>
public class MigrationApplierTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Schema_after_the_sql_applier_is_the_schema_efs_migrator_makes(DatabaseProvider provider)
    {
        var byEf = await MigratedByEfAsync(provider, target: null);
        var bySql = await TestDatabases.EmptyAsync(provider);

        await SystemDatabase.MigrateAsync(bySql);

        var expected = await SchemaAsync(byEf);
        Assert.Contains(expected, row => row.Contains("refresh_tokens", StringComparison.Ordinal));
        Assert.Equal(expected, await SchemaAsync(bySql));
        Assert.Equal(await HistoryAsync(byEf), await HistoryAsync(bySql));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Applier_finishes_a_database_efs_migrator_left_part_way(DatabaseProvider provider)
    {
        var ids = SystemDatabase.MigrationIds(provider);
        var partWay = await MigratedByEfAsync(provider, target: ids[3]);
        Assert.Equal(ids.Take(4), (await HistoryAsync(partWay)).Select(row => row.Split('|')[0]));

        await SystemDatabase.MigrateAsync(partWay);

        var byEf = await MigratedByEfAsync(provider, target: null);
        Assert.Equal(await SchemaAsync(byEf), await SchemaAsync(partWay));
        Assert.Equal(await HistoryAsync(byEf), await HistoryAsync(partWay));
        Assert.True(await SystemDatabase.IsCurrentAsync(partWay));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Users_table_rebuild_keeps_the_users_refresh_tokens(DatabaseProvider provider)
    {
        var connection = await TestDatabases.EmptyAsync(provider);
        var ids = SystemDatabase.MigrationIds(provider);
        // The SQLite migration that rebuilds users (EF's copy, DROP TABLE, rename); the same-named one on PostgreSQL.
        var rebuild = SystemDatabase.MigrationIds(DatabaseProvider.Sqlite)
            .Single(id => SystemDatabase.MigrationSql(DatabaseProvider.Sqlite, id).Contains("DROP TABLE \"users\";", StringComparison.Ordinal));
        var before = ids.TakeWhile(id => !id.EndsWith(rebuild[rebuild.IndexOf('_')..], StringComparison.Ordinal)).ToList();
        Assert.InRange(before.Count, 1, ids.Count - 1);
        await ApplyAsync(connection, before);

        var sql = new SystemDbSql(connection);
        var created = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
        var family = Guid.NewGuid();
        await using (var open = await sql.OpenAsync())
        {
            await using (var user = sql.Command(open,
                "INSERT INTO users (id, name, normalized_name, password_hash, role, disabled, token_version, failed_logins, locked_until, created_at, last_login_at) " +
                "VALUES (7, @name, @name, @hash, @role, @disabled, 1, 0, NULL, @created, NULL)", null,
                ("@name", "ada"), ("@hash", "hash"), ("@role", "admin"), ("@disabled", false), ("@created", created)))
            {
                await user.ExecuteNonQueryAsync();
            }
            await using var token = sql.Command(open,
                "INSERT INTO refresh_tokens (user_id, token_hash, family_id, created_at, expires_at) VALUES (7, @hash, @family, @created, @expires)", null,
                ("@hash", "token-hash"), ("@family", family), ("@created", created), ("@expires", created.AddDays(30)));
            await token.ExecuteNonQueryAsync();
        }

        var factory = await SystemDatabase.MigrateAsync(connection);

        await using var context = factory.CreateDbContext();
        var kept = Assert.Single(await context.RefreshTokens.Include(t => t.User).ToListAsync());
        Assert.Equal(("token-hash", family, created, 7L, "ada"), (kept.TokenHash, kept.FamilyId, kept.CreatedAt, kept.UserId, kept.User!.Name));
        Assert.Equal(ids, await context.Database.GetAppliedMigrationsAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Four_processes_migrating_a_fresh_database_at_once_all_succeed_and_apply_each_migration_once(DatabaseProvider provider)
    {
        var connection = await TestDatabases.EmptyAsync(provider);
        var logger = new RecordingLogger();

        var migrators = Enumerable.Range(0, 4).Select(i => Task.Run(() => SystemDatabase.MigrateAsync(OwnPool(connection, i), logger))).ToArray();
        await Task.WhenAll(migrators);

        var ids = SystemDatabase.MigrationIds(provider);
        Assert.Equal(ids.Select(id => $"Applying migration {id} to system database {connection.Description}"),
            logger.Lines.Where(line => line.StartsWith("Applying migration", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(ids, (await HistoryAsync(connection)).Select(row => row.Split('|')[0]));
        Assert.Equal(await SchemaAsync(await MigratedByEfAsync(provider, target: null)), await SchemaAsync(connection));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_failing_migration_leaves_the_database_as_it_was_and_names_itself_in_one_line(DatabaseProvider provider)
    {
        var connection = await TestDatabases.EmptyAsync(provider);
        var ids = SystemDatabase.MigrationIds(provider);
        await ApplyAsync(connection, ids.Take(ids.Count - 1).ToList());
        var schema = await SchemaAsync(connection);
        var history = await HistoryAsync(connection);
        var last = ids[^1];

        // The real script (its history row included), then a table, then a statement that fails.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SystemDatabase.ApplyMigrationsAsync(connection, ids,
            id => id == last
                ? SystemDatabase.MigrationSql(provider, id) + "CREATE TABLE broken_probe (id integer);\nSELECT no_such_column FROM broken_probe;\n"
                : SystemDatabase.MigrationSql(provider, id),
            NullLogger.Instance, CancellationToken.None));

        Assert.StartsWith($"migration {last} failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_column", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(schema, await SchemaAsync(connection));
        Assert.Equal(history, await HistoryAsync(connection));
        Assert.False(await SystemDatabase.IsCurrentAsync(connection));

        // And the real migration still applies afterwards.
        await SystemDatabase.MigrateAsync(connection);
        Assert.True(await SystemDatabase.IsCurrentAsync(connection));
    }

    [Fact]
    public async Task A_sqlite_migration_that_orphans_rows_is_rolled_back_by_the_foreign_key_check()
    {
        var connection = await TestDatabases.EmptyAsync(DatabaseProvider.Sqlite);
        var ids = SystemDatabase.MigrationIds(DatabaseProvider.Sqlite);
        await ApplyAsync(connection, ids.Take(ids.Count - 1).ToList());
        var history = await HistoryAsync(connection);
        var last = ids[^1];

        // Foreign keys are off while a migration runs (for EF's table rebuilds): nothing stops this row but the check.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SystemDatabase.ApplyMigrationsAsync(connection, ids,
            id => SystemDatabase.MigrationSql(DatabaseProvider.Sqlite, id) + (id == last
                ? "INSERT INTO refresh_tokens (user_id, token_hash, family_id, created_at, expires_at) VALUES (999, 'h', 'F', '2026-01-01', '2026-01-02');\n"
                : ""),
            NullLogger.Instance, CancellationToken.None));

        Assert.Equal($"migration {last} failed: it leaves rows of refresh_tokens whose users row is missing", error.Message);
        Assert.Equal(history, await HistoryAsync(connection));
        Assert.Equal(["0"], await RowsAsync(connection, "SELECT COUNT(*) FROM refresh_tokens"));
    }

    private static Task ApplyAsync(SystemDatabaseConnection connection, IReadOnlyList<string> ids) =>
        SystemDatabase.ApplyMigrationsAsync(connection, ids, id => SystemDatabase.MigrationSql(connection.Provider, id), NullLogger.Instance, CancellationToken.None);

    // EF Core's own migrator, as SystemDatabase ran it before: to the end, or to a target migration.
    private static async Task<SystemDatabaseConnection> MigratedByEfAsync(DatabaseProvider provider, string? target)
    {
        var connection = await TestDatabases.EmptyAsync(provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource)!);
        }
        await using var context = new SystemDbContextFactory(connection).CreateDbContext();
        await context.GetService<IMigrator>().MigrateAsync(target);
        return connection;
    }

    // A distinct pool per "process" on PostgreSQL (another application name); SQLite's migrator opens an unpooled connection.
    private static SystemDatabaseConnection OwnPool(SystemDatabaseConnection connection, int process) =>
        connection.Provider == DatabaseProvider.Postgres
            ? SystemDatabaseConnection.FromNpgsqlConnectionString(
                new NpgsqlConnectionStringBuilder(connection.ConnectionString) { ApplicationName = $"migrator-{process}" }.ConnectionString)
            : connection;

    // EF's migrator also keeps a lock table of its own (__EFMigrationsLock), which the SQL applier has no need for.
    private const string EfLockTable = "__EFMigrationsLock";

    /// <summary>Every table, column, index and constraint, one row each, in a stable order.</summary>
    private static Task<List<string>> SchemaAsync(SystemDatabaseConnection connection) =>
        RowsAsync(connection, connection.Provider == DatabaseProvider.Sqlite
            ? $"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name <> '{EfLockTable}' ORDER BY type, name"
            : $"""
               SELECT 'column', table_name, column_name, ordinal_position::text, data_type, is_nullable, coalesce(column_default, ''),
                      coalesce(character_maximum_length::text, ''), is_identity
               FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '{EfLockTable}'
               UNION ALL
               SELECT 'index', tablename, indexname, indexdef, '', '', '', '', '' FROM pg_indexes
               WHERE schemaname = 'public' AND tablename <> '{EfLockTable}'
               UNION ALL
               SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid), '', '', '', '', '' FROM pg_constraint
               WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"{EfLockTable}"'
               ORDER BY 1, 2, 3
               """);

    private static Task<List<string>> HistoryAsync(SystemDatabaseConnection connection) =>
        RowsAsync(connection, "SELECT \"MigrationId\", \"ProductVersion\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"");

    private static async Task<List<string>> RowsAsync(SystemDatabaseConnection connection, string query)
    {
        await using var open = await new SystemDbSql(connection).OpenAsync();
        await using var command = open.CreateCommand();
        command.CommandText = query;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
        }
        return rows;
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IEnumerable<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
