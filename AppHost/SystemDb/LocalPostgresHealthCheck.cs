using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Tapline.AppHost.SystemDb;

/// <summary>
/// Healthy once the local server accepts a login and the <c>tapline</c> database exists; it
/// creates that database on first success, so services that wait for <c>systemdb</c> find it.
/// </summary>
public sealed class LocalPostgresHealthCheck(LocalPostgresCluster cluster) : IHealthCheck
{
    private volatile bool _databaseReady;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (_databaseReady)
            {
                await using var probe = new NpgsqlConnection(cluster.ConnectionString(LocalPostgresCluster.DatabaseName));
                await probe.OpenAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }

            await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
            await connection.OpenAsync(cancellationToken);
            await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
            {
                exists.Parameters.AddWithValue("name", LocalPostgresCluster.DatabaseName);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{LocalPostgresCluster.DatabaseName}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            _databaseReady = true;
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL on 127.0.0.1:{cluster.Port} does not accept connections yet", ex);
        }
    }
}
