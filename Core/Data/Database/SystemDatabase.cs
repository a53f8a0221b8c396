using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tapline.Core.Data.Protection;

namespace Tapline.Core.Data.Database;

/// <summary>
/// The one call every service and CLI command makes at start: bring the system database to
/// the latest migration, with plain ADO.NET (no EF Core at run time, so that <c>tapline</c> can be
/// Native AOT). Each EF migration's SQL is EF's own script for it, generated once and embedded
/// (Core/Data/Migrations/Sql). Safe when several processes start at once: on PostgreSQL the whole
/// migration runs under a session advisory lock; on SQLite the file is put in WAL mode and each
/// migration runs in a <c>BEGIN IMMEDIATE</c> transaction that writers wait for (busy timeout).
/// </summary>
/// <remarks>
/// Adding a migration (one per provider, same name), then writing its SQL (MigrationSqlTests fails until it is):
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME --project Core --context SqliteSystemDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Core --context PostgresSystemDbContext --output-dir Data/Migrations/Postgres
/// dotnet build tests/Core.Tests -c Release
/// TAPLINE_REGENERATE_MIGRATION_SQL=1 dotnet test tests/Core.Tests -c Release --no-build --filter FullyQualifiedName~MigrationSqlTests
/// dotnet build tests/Core.Tests -c Release   # embeds the new files
/// </code>
/// </remarks>
public static class SystemDatabase
{
    // Any constant shared by every Tapline process; "tapline" in ASCII.
    private const long MigrationLockKey = 0x7461706C696E65;

    public static async Task<SystemDbContextFactory> MigrateAsync(SystemDatabaseConnection connection, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var factory = new SystemDbContextFactory(connection);
        if (await IsCurrentAsync(connection, cancellationToken))
        {
            // The common start (every CLI verb, every service restart): one plain query, no lock, no write.
            return factory;
        }
        var provider = connection.Provider;
        await ApplyMigrationsAsync(connection, MigrationIds(provider), id => MigrationSql(provider, id), logger, cancellationToken);
        logger.LogInformation("System database {Database} is at the latest migration", connection.Description);
        return factory;
    }

    /// <summary>
    /// A service's start (Api, Scheduler, <c>tapline worker</c>): <see cref="MigrateAsync"/>, waiting for a PostgreSQL
    /// server that does not answer yet (down, starting, restarting) instead of dying with a stack trace; each failed
    /// attempt is one warning line, retried with a pause that grows to <see cref="StartRetryPauseLimit"/>. Only what
    /// Npgsql calls transient is waited for: a wrong password or database name fails at once. A CLI verb calls
    /// <see cref="MigrateAsync"/> and fails at once.
    /// </summary>
    public static Task<SystemDbContextFactory> MigrateWhenReachableAsync(SystemDatabaseConnection connection, ILogger logger, CancellationToken cancellationToken) =>
        connection.Provider == DatabaseProvider.Postgres
            ? MigratePostgresWhenReachableAsync(connection, logger, cancellationToken)
            : MigrateAsync(connection, logger, cancellationToken);

    public static readonly TimeSpan StartRetryPauseLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A service's start (Api, Scheduler, <c>tapline worker</c>) on its system database, in order:
    /// <see cref="MigrateWhenReachableAsync"/>, then the key ring's check against <c>ui.secret_key</c> once the database
    /// answers (<see cref="SystemDbKeyRepository.StartRefusalAsync"/>). What no wait fixes (a wrong password, a database
    /// or file that cannot be opened, a failed migration, a key that does not open the ring) is the one line to print
    /// before exiting 1; null when the service may start. The stack trace goes to the debug log, never to the console.
    /// </summary>
    public static async Task<string?> StartRefusalAsync(SystemDatabaseConnection connection, IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await MigrateWhenReachableAsync(connection, logger, cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "System database {Database} cannot be opened", connection.Description);
            return $"refusing to start: system database {connection.Description} cannot be opened: {e.Message}";
        }
        return await SystemDbKeyRepository.StartRefusalAsync(services, cancellationToken);
    }

    // Never inlined, so that only a PostgreSQL service loads Npgsql's exception type for the catch.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<SystemDbContextFactory> MigratePostgresWhenReachableAsync(SystemDatabaseConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await MigrateAsync(connection, logger, cancellationToken);
            }
            catch (NpgsqlException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("System database {Database} does not answer ({Reason}); trying again in {Pause} s",
                    connection.Description, e.InnerException?.Message ?? e.Message, pause.TotalSeconds);
                await Task.Delay(pause, cancellationToken);
                pause = pause * 2 < StartRetryPauseLimit ? pause * 2 : StartRetryPauseLimit;
            }
        }
    }

    /// <summary>
    /// Whether every migration of this provider is already recorded in <c>__EFMigrationsHistory</c>: one plain
    /// ADO.NET query, no EF model. Any doubt (no file, no database, no history table) answers false, and the
    /// full migration path then decides and reports.
    /// </summary>
    public static async Task<bool> IsCurrentAsync(SystemDatabaseConnection connection, CancellationToken cancellationToken = default)
    {
        DbConnection? raw = connection.Provider == DatabaseProvider.Sqlite ? ReadOnlySqlite(connection) : Postgres(connection);
        if (raw is null)
        {
            return false;
        }
        await using (raw)
        {
            try
            {
                await raw.OpenAsync(cancellationToken);
                var applied = await AppliedAsync(raw, null, cancellationToken);
                return MigrationIds(connection.Provider).All(applied.Contains);
            }
            catch (DbException)
            {
                return false;
            }
        }
    }

    // Separate methods, so that checking one provider loads no assembly of the other.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SqliteConnection? ReadOnlySqlite(SystemDatabaseConnection connection)
    {
        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        if (!File.Exists(builder.DataSource))
        {
            return null;
        }
        // Read-only: the probe must never create or lock the file for writing.
        builder.Mode = SqliteOpenMode.ReadOnly;
        return new SqliteConnection(builder.ConnectionString);
    }

    // Typed DbConnection and never inlined: a signature naming NpgsqlConnection loads Npgsql into a SQLite process.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbConnection Postgres(SystemDatabaseConnection connection) => new NpgsqlConnection(connection.ConnectionString);

    /// <summary>The migrations a provider's context carries, in order (from the migration files; no type is loaded).</summary>
    public static IReadOnlyList<string> MigrationIds(DatabaseProvider provider) =>
        [.. (provider == DatabaseProvider.Sqlite ? MigrationIdList.Sqlite : MigrationIdList.Postgres).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Brings the database to the latest migration with plain ADO.NET: creates the history table, then applies each
    /// migration it does not record, in id order, each in its own transaction that first checks again that no other
    /// process applied it meanwhile. <paramref name="script"/> is a migration's SQL (the embedded files; tests feed
    /// others).
    /// </summary>
    internal static async Task ApplyMigrationsAsync(SystemDatabaseConnection connection, IReadOnlyList<string> ids, Func<string, string> script, ILogger logger, CancellationToken cancellationToken)
    {
        if (connection.Provider == DatabaseProvider.Sqlite)
        {
            await ApplySqliteAsync(connection, ids, script, logger, cancellationToken);
        }
        else
        {
            await ApplyPostgresAsync(connection, ids, script, logger, cancellationToken);
        }
    }

    /// <summary>The SQL a migration runs: EF's script for it (Core/Data/Migrations/Sql), embedded in this assembly.</summary>
    internal static string MigrationSql(DatabaseProvider provider, string migrationId)
    {
        var name = $"Tapline.Core.Migrations.{provider}.{migrationId}.sql";
        using var stream = typeof(SystemDatabase).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"migration {migrationId} has no SQL in this build (resource {name})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private const string HistoryTable = "__EFMigrationsHistory";

    private static async Task ApplySqliteAsync(SystemDatabaseConnection connection, IReadOnlyList<string> ids, Func<string, string> script, ILogger logger, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connection.ConnectionString);
        var directory = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        // Unpooled, so that foreign_keys = OFF dies with this connection. It must be off before any transaction
        // begins (inside one the pragma does nothing): EF's table rebuilds DROP the old table, which with foreign
        // keys on deletes the child rows (a user's refresh tokens); foreign_key_check before each commit stands in.
        builder.Pooling = false;
        await using var raw = new SqliteConnection(builder.ConnectionString);
        await raw.OpenAsync(cancellationToken);
        // WAL lets readers (the Api) and one writer work at once; it sticks to the file.
        await ExecuteAsync(raw, null, "PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = OFF;", cancellationToken);
        await ExecuteAsync(raw, null, HistorySql(DatabaseProvider.Sqlite), cancellationToken);
        var applied = await AppliedAsync(raw, null, cancellationToken);
        foreach (var id in ids.Where(id => !applied.Contains(id)))
        {
            var sql = script(id);
            // IMMEDIATE takes the write lock at once: a second process waits here (busy timeout), then sees the id.
            await using var transaction = raw.BeginTransaction(deferred: false);
            if (await IsAppliedAsync(raw, transaction, id, cancellationToken))
            {
                continue;
            }
            await RunMigrationAsync(raw, transaction, id, sql, logger, connection, cancellationToken);
            await using (var check = raw.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "PRAGMA foreign_key_check";
                await using var reader = await check.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var table = reader.GetString(0);
                    var parent = reader.GetString(2);
                    await reader.DisposeAsync();
                    await transaction.RollbackAsync(CancellationToken.None);
                    throw new InvalidOperationException($"migration {id} failed: it leaves rows of {table} whose {parent} row is missing");
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task ApplyPostgresAsync(SystemDatabaseConnection connection, IReadOnlyList<string> ids, Func<string, string> script, ILogger logger, CancellationToken cancellationToken)
    {
        await EnsurePostgresDatabaseAsync(connection, logger, cancellationToken);

        await using var raw = new NpgsqlConnection(connection.ConnectionString);
        await raw.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", raw))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await ExecuteAsync(raw, null, HistorySql(DatabaseProvider.Postgres), cancellationToken);
            var applied = await AppliedAsync(raw, null, cancellationToken);
            foreach (var id in ids.Where(id => !applied.Contains(id)))
            {
                var sql = script(id);
                await using var transaction = await raw.BeginTransactionAsync(cancellationToken);
                if (await IsAppliedAsync(raw, transaction, id, cancellationToken))
                {
                    continue;
                }
                await RunMigrationAsync(raw, transaction, id, sql, logger, connection, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", raw);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // EF's CREATE TABLE IF NOT EXISTS of the history table, as its migrator runs it before the first migration.
    private static string HistorySql(DatabaseProvider provider) => MigrationSql(provider, HistoryTable);

    // The script ends with EF's own INSERT of the history row (MigrationId, ProductVersion), so the row commits with it.
    private static async Task RunMigrationAsync(DbConnection raw, DbTransaction transaction, string id, string sql, ILogger logger, SystemDatabaseConnection connection, CancellationToken cancellationToken)
    {
        logger.LogInformation("Applying migration {Migration} to system database {Database}", id, connection.Description);
        try
        {
            await using var command = raw.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            // A migration rewriting a large table may take long; a timeout halfway would only roll it back.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (!e.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new InvalidOperationException($"migration {id} failed: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }

    private static async Task<HashSet<string>> AppliedAsync(DbConnection raw, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = raw.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryTable}\"";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }
        return applied;
    }

    private static async Task<bool> IsAppliedAsync(DbConnection raw, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = raw.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM \"{HistoryTable}\" WHERE \"MigrationId\" = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection raw, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = raw.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Meltano creates nothing on the server but the tables; an operator usually creates the
    // database. Creating it when missing keeps the local and test setups one step shorter.
    private static async Task EnsurePostgresDatabaseAsync(SystemDatabaseConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = new NpgsqlConnection(connection.ConnectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            logger.LogInformation("System database {Database} does not exist; creating it", connection.Description);
        }
        var target = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        var admin = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres", Pooling = false };
        await using var adminConnection = new NpgsqlConnection(admin.ConnectionString);
        await adminConnection.OpenAsync(cancellationToken);
        try
        {
            var quoted = "\"" + target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", adminConnection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process created it first: exactly what we wanted.
        }
    }
}
