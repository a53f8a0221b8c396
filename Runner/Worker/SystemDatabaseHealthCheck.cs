using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tapline.Core.Data.Database;

namespace Tapline.Runner.Worker;

/// <summary>/health is unhealthy while the system database cannot be reached: a worker without it can do nothing.</summary>
internal sealed class SystemDatabaseHealthCheck(SystemDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await factory.Sql.OpenAsync(cancellationToken);
            await using var select = factory.Sql.Command(connection, "SELECT 1");
            await select.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        // As EF's CanConnectAsync, which this replaces: any failure to connect or answer is "not reachable".
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"System database {factory.Connection.Description} is not reachable.", e);
        }
    }
}
