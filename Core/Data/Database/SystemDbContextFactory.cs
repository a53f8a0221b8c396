using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Creates <see cref="SystemDbContext"/>s for one <see cref="SystemDatabaseConnection"/>: the
/// provider-specific derived context, so its migration set applies. Thread-safe; options are built once.
/// </summary>
/// <remarks>
/// Deliberately not an <see cref="IDbContextFactory{TContext}"/> itself (DI gets <see cref="AsEntityFramework"/>): a
/// type implementing an EF interface loads EF Core's assemblies the moment the type loads, and a CLI verb whose
/// statements are all plain SQL (<see cref="Sql"/>) would pay their load and memory on every run.
/// </remarks>
public sealed class SystemDbContextFactory
{
    // Built on the first context (not in the constructor, for the reason above).
    private readonly Lock _gate = new();
    private object? _options;

    public SystemDbContextFactory(SystemDatabaseConnection connection)
    {
        if (connection.Provider is not (DatabaseProvider.Sqlite or DatabaseProvider.Postgres))
        {
            throw new ArgumentOutOfRangeException(nameof(connection));
        }
        Connection = connection;
        Sql = new SystemDbSql(connection);
    }

    public SystemDatabaseConnection Connection { get; }

    public DatabaseProvider Provider => Connection.Provider;

    /// <summary>Plain ADO.NET on the same database, for the statements a short-lived CLI process runs.</summary>
    public SystemDbSql Sql { get; }

    public SystemDbContext CreateDbContext() => Provider == DatabaseProvider.Sqlite
        ? new SqliteSystemDbContext((DbContextOptions<SqliteSystemDbContext>)Options())
        : new PostgresSystemDbContext((DbContextOptions<PostgresSystemDbContext>)Options());

    /// <summary>This factory as EF's interface, for the services that take one from DI.</summary>
    public IDbContextFactory<SystemDbContext> AsEntityFramework() => new EntityFrameworkFactory(this);

    private DbContextOptions Options()
    {
        lock (_gate)
        {
            return (DbContextOptions)(_options ??= Provider == DatabaseProvider.Sqlite
                ? SystemDbContextOptions.Configure(new DbContextOptionsBuilder<SqliteSystemDbContext>(), Connection).Options
                : SystemDbContextOptions.Configure(new DbContextOptionsBuilder<PostgresSystemDbContext>(), Connection).Options);
        }
    }

    private sealed class EntityFrameworkFactory(SystemDbContextFactory factory) : IDbContextFactory<SystemDbContext>
    {
        public SystemDbContext CreateDbContext() => factory.CreateDbContext();
    }
}

/// <summary>EF Core's options for the system database, per provider (kept out of the factory type, so that loading it loads no EF).</summary>
internal static class SystemDbContextOptions
{
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
