using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Data;

public class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrations_apply_from_empty_and_again_without_change(DatabaseProvider provider)
    {
        var connection = await TestDatabases.EmptyAsync(provider);

        var factory = await SystemDatabase.MigrateAsync(connection);
        await SystemDatabase.MigrateAsync(connection);

        await using var context = factory.CreateDbContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await context.Runs.CountAsync());
        Assert.Equal(0, await context.Users.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Schema_is_current_only_once_every_migration_is_applied(DatabaseProvider provider)
    {
        var connection = await TestDatabases.EmptyAsync(provider);
        Assert.False(await SystemDatabase.IsCurrentAsync(connection));

        var factory = await SystemDatabase.MigrateAsync(connection);
        Assert.True(await SystemDatabase.IsCurrentAsync(connection));

        // A migration this build carries but the database lacks: the cheap check must send the start down the applier's path.
        await using (var context = factory.CreateDbContext())
        {
            var last = SystemDatabase.MigrationIds(provider)[^1];
            await context.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
        }
        Assert.False(await SystemDatabase.IsCurrentAsync(connection));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migration_ids_read_from_attributes_are_efs_own_list(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);

        await using var context = factory.CreateDbContext();
        Assert.Equal(context.Database.GetMigrations(), SystemDatabase.MigrationIds(provider));
    }

    [Fact]
    public async Task Checking_a_missing_sqlite_file_does_not_create_it()
    {
        var connection = await TestDatabases.EmptyAsync(DatabaseProvider.Sqlite);

        Assert.False(await SystemDatabase.IsCurrentAsync(connection));
        Assert.False(File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).DataSource));
    }

    [Fact]
    public async Task Three_processes_migrating_an_empty_postgres_at_once_all_succeed()
    {
        var connection = await TestDatabases.EmptyAsync(DatabaseProvider.Postgres);

        // Separate connection strings (distinct application names) so each "process" has its own pool.
        var migrators = Enumerable.Range(0, 3).Select(i =>
        {
            var cs = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { ApplicationName = $"migrator-{i}" }.ConnectionString;
            return Task.Run(() => SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(cs)));
        }).ToArray();
        var factories = await Task.WhenAll(migrators);

        await using var context = factories[0].CreateDbContext();
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Three_processes_migrating_an_empty_sqlite_file_at_once_all_succeed()
    {
        var connection = await TestDatabases.EmptyAsync(DatabaseProvider.Sqlite);

        var migrators = Enumerable.Range(0, 3).Select(_ => Task.Run(() => SystemDatabase.MigrateAsync(connection))).ToArray();
        var factories = await Task.WhenAll(migrators);

        await using var context = factories[0].CreateDbContext();
        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Missing_postgres_database_is_created()
    {
        var pg = await PostgresServer.GetAsync();
        var name = "tapline_missing_" + Guid.NewGuid().ToString("N")[..12];
        var cs = new NpgsqlConnectionStringBuilder(pg.AdminConnectionString) { Database = name }.ConnectionString;

        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(cs));

        await using var context = factory.CreateDbContext();
        Assert.True(await context.Database.CanConnectAsync());
    }

    [Fact]
    public async Task Sqlite_database_runs_in_wal_mode()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);

        await using var context = factory.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }
}
