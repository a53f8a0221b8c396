using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tapline.Core.Data.Database;

namespace Tapline.Runner.Worker;

/// <summary>/health is unhealthy while the system database cannot be reached: a worker without it can do nothing.</summary>
internal sealed class SystemDatabaseHealthCheck(SystemDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = factory.CreateDbContext();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"System database {factory.Connection.Description} is not reachable.");
    }
}
