using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Creates <see cref="SystemDbContext"/>s for one <see cref="SystemDatabaseConnection"/>: the
/// provider-specific derived context, so its migration set applies. Thread-safe; options are built once.
/// </summary>
public sealed class SystemDbContextFactory : IDbContextFactory<SystemDbContext>
{
    private readonly DbContextOptions _options;

    public SystemDbContextFactory(SystemDatabaseConnection connection)
    {
        Connection = connection;
        _options = connection.Provider switch
        {
            DatabaseProvider.Sqlite => Configure(new DbContextOptionsBuilder<SqliteSystemDbContext>(), connection).Options,
            DatabaseProvider.Postgres => Configure(new DbContextOptionsBuilder<PostgresSystemDbContext>(), connection).Options,
            _ => throw new ArgumentOutOfRangeException(nameof(connection)),
        };
    }

    public SystemDatabaseConnection Connection { get; }

    public DatabaseProvider Provider => Connection.Provider;

    public SystemDbContext CreateDbContext() => Provider == DatabaseProvider.Sqlite
        ? new SqliteSystemDbContext((DbContextOptions<SqliteSystemDbContext>)_options)
        : new PostgresSystemDbContext((DbContextOptions<PostgresSystemDbContext>)_options);

    internal static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder, SystemDatabaseConnection connection)
        where T : DbContext
    {
        if (connection.Provider == DatabaseProvider.Sqlite)
        {
            UseSqlite(builder, connection);
        }
        else
        {
            UseNpgsql(builder, connection);
        }
        // Migrations are applied under our own lock (SystemDatabase.MigrateAsync); EF's warning about
        // a pending model change must stay an error so a forgotten migration fails loudly.
        builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.MigrationsUserTransactionWarning));
        return builder;
    }

    // One method per provider: a CLI on SQLite then never loads Npgsql's assemblies (their load and memory
    // are part of every verb's start), nor a PostgreSQL service SQLite's native library.
    private static void UseSqlite(DbContextOptionsBuilder builder, SystemDatabaseConnection connection) =>
        builder.UseSqlite(connection.ConnectionString).AddInterceptors(SqliteBusyTimeoutInterceptor.Instance);

    private static void UseNpgsql(DbContextOptionsBuilder builder, SystemDatabaseConnection connection) =>
        builder.UseNpgsql(connection.ConnectionString);
}
