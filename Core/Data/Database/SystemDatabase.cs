using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tapline.Core.Data.Protection;

namespace Tapline.Core.Data.Database;

/// <summary>
/// The one call every service and CLI command makes at start: bring the system database to
/// the latest migration. Safe when several processes start at once: on PostgreSQL the whole
/// migration runs under a session advisory lock; on SQLite the file is put in WAL mode and
/// writers wait on a busy timeout (EF's own SQLite migration lock serialises the rest).
/// </summary>
/// <remarks>
/// Adding a migration (one per provider, same name):
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME --project Core --context SqliteSystemDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Core --context PostgresSystemDbContext --output-dir Data/Migrations/Postgres
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
            // The common start (every CLI verb, every service restart): one plain query instead of EF's
            // migrator, which builds the model and the migration set first (most of a CLI verb's start).
            return factory;
        }
        if (connection.Provider == DatabaseProvider.Sqlite)
        {
            await MigrateSqliteAsync(factory, connection, cancellationToken);
        }
        else
        {
            await MigratePostgresAsync(connection, logger, cancellationToken);
        }
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
                await using var command = raw.CreateCommand();
                command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
                var applied = new HashSet<string>(StringComparer.Ordinal);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
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

    private static async Task MigrateSqliteAsync(SystemDbContextFactory factory, SystemDatabaseConnection connection, CancellationToken cancellationToken)
    {
        var path = new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        await using (var raw = new SqliteConnection(connection.ConnectionString))
        {
            await raw.OpenAsync(cancellationToken);
            await using var command = raw.CreateCommand();
            // WAL lets readers (the Api) and one writer work at once; it sticks to the file.
            command.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var context = factory.CreateDbContext();
        await context.Database.MigrateAsync(cancellationToken);
    }

    private static async Task MigratePostgresAsync(SystemDatabaseConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        await EnsurePostgresDatabaseAsync(connection, logger, cancellationToken);

        await using var lockConnection = new NpgsqlConnection(connection.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            var options = SystemDbContextOptions.Configure(new DbContextOptionsBuilder<PostgresSystemDbContext>(), connection);
            options.UseNpgsql(lockConnection);
            await using var context = new PostgresSystemDbContext(options.Options);
            await context.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
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
