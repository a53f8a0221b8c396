using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tapline.Scheduler.Clustering;

namespace Tapline.Scheduler.Hosting;

/// <summary>Creates the qrtz_* tables before Quartz starts (registered ahead of Quartz's hosted service).</summary>
public sealed class SchemaBootstrapper(NpgsqlDataSource dataSource, ILogger<SchemaBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SchedulerSchema.EnsureQuartzTablesAsync(dataSource, cancellationToken);
        logger.LogInformation("Quartz tables ready on PostgreSQL; Scheduler runs clustered");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
