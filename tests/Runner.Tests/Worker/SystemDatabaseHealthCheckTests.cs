using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.Runner.Worker;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

/// <summary>The worker's /health check asks the system database itself (plain SQL), on both providers.</summary>
public sealed class SystemDatabaseHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(SystemDatabaseConnection connection) =>
        new SystemDatabaseHealthCheck(new SystemDbContextFactory(connection)).CheckHealthAsync(new HealthCheckContext());

    private static string MissingSqliteRoot() => Path.Combine(Path.GetTempPath(), "tapline-health-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_reachable_database_is_healthy_on_both_providers()
    {
        var sqlite = await SystemDatabase.MigrateAsync(DatabaseUri.Parse("sqlite:///.meltano/meltano.db", MissingSqliteRoot()));
        var pg = await PostgresServer.GetAsync();
        var postgres = SystemDatabaseConnection.FromNpgsqlConnectionString(await pg.CreateDatabaseAsync("tapline_health_check_"));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(sqlite.Connection)).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(postgres)).Status);
    }

    [Fact]
    public async Task A_database_that_refuses_the_connection_is_unhealthy_and_named()
    {
        var pg = await PostgresServer.GetAsync();
        var database = await pg.CreateDatabaseAsync("tapline_health_check_");
        var wrongRole = SystemDatabaseConnection.FromNpgsqlConnectionString(
            new NpgsqlConnectionStringBuilder(database) { Username = "no_such_role", Password = "not-the-password" }.ConnectionString);
        // A SQLite file whose folder is not there cannot be opened (the check never creates it).
        var missingFolder = DatabaseUri.Parse("sqlite:///no/such/folder/meltano.db", MissingSqliteRoot());

        foreach (var connection in new[] { wrongRole, missingFolder })
        {
            var result = await CheckAsync(connection);
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Equal($"System database {connection.Description} is not reachable.", result.Description);
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(missingFolder.ConnectionString).DataSource)));
    }
}
