using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tapline.Core.Data.Database;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without a running app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSystemDbContext>
{
    public SqliteSystemDbContext CreateDbContext(string[] args) =>
        new(SystemDbContextOptions.Configure(new DbContextOptionsBuilder<SqliteSystemDbContext>(),
            new SystemDatabaseConnection(DatabaseProvider.Sqlite, "Data Source=design-time.db", "design-time")).Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSystemDbContext>
{
    public PostgresSystemDbContext CreateDbContext(string[] args) =>
        new(SystemDbContextOptions.Configure(new DbContextOptionsBuilder<PostgresSystemDbContext>(),
            new SystemDatabaseConnection(DatabaseProvider.Postgres, "Host=localhost;Database=tapline_design", "design-time")).Options);
}
