using Tapline.Core.Data.Database;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Data;

/// <summary>A fresh, empty system database per test: a new PostgreSQL database or a new SQLite file.</summary>
internal static class TestDatabases
{
    public static async Task<SystemDatabaseConnection> EmptyAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var pg = await PostgresServer.GetAsync();
            // A prefix of 24+ characters: PostgresServer.CreateDatabaseAsync cuts the name to
            // prefix.Length + 48 characters, which overruns shorter names.
            return SystemDatabaseConnection.FromNpgsqlConnectionString(await pg.CreateDatabaseAsync("tapline_system_database_"));
        }
        var root = Path.Combine(Path.GetTempPath(), "tapline-data-tests", Guid.NewGuid().ToString("N"));
        return DatabaseUri.Parse("sqlite:///.meltano/meltano.db", root);
    }

    public static async Task<SystemDbContextFactory> MigratedAsync(DatabaseProvider provider) =>
        await SystemDatabase.MigrateAsync(await EmptyAsync(provider));
}
