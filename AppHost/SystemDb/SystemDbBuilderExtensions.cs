using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tapline.AppHost.SystemDb;

namespace Aspire.Hosting;

/// <summary>
/// Adds the <c>systemdb</c> PostgreSQL resource in one of three modes (see <see cref="SystemDbMode"/>),
/// chosen explicitly and announced in the console and on the dashboard; never a silent fallback.
/// </summary>
public static class SystemDbBuilderExtensions
{
    public const string ResourceName = "systemdb";
    public const string ModeKey = "Tapline:SystemDb:Mode";
    public const string PostgresBinKey = "Tapline:SystemDb:PostgresBin";
    private const string DefaultPostgresBin = "/usr/lib/postgresql/15/bin";

    public static IResourceBuilder<IResourceWithConnectionString> AddSystemDb(
        this IDistributedApplicationBuilder builder, string projectRoot, ILogger log)
    {
        var (mode, reason) = ChooseMode(builder);
        log.LogInformation("systemdb: {Mode} mode ({Reason})", mode, reason);

        IResourceBuilder<IResourceWithConnectionString> systemdb = mode switch
        {
            SystemDbMode.Container => AddContainer(builder),
            SystemDbMode.ConnectionString => builder.AddConnectionString(ResourceName),
            _ => AddLocal(builder, projectRoot, log),
        };
        systemdb.WithAnnotation(new SystemDbModeAnnotation(mode, reason));
        ShowModeOnDashboard(builder, systemdb.Resource, mode, reason);
        return systemdb;
    }

    private static void ShowModeOnDashboard(IDistributedApplicationBuilder builder, IResource systemdb, SystemDbMode mode, string reason)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return;
        }
        builder.Eventing.Subscribe<ResourceReadyEvent>(systemdb, async (e, _) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(systemdb, snapshot => snapshot with
            {
                Properties = snapshot.Properties
                    .Add(new ResourcePropertySnapshot("tapline.systemdb.mode", mode.ToString()))
                    .Add(new ResourcePropertySnapshot("tapline.systemdb.reason", reason)),
            });
        });
    }

    private static (SystemDbMode Mode, string Reason) ChooseMode(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[ModeKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Enum.TryParse<SystemDbMode>(configured.Replace("-", ""), ignoreCase: true, out var forced))
            {
                throw new InvalidOperationException(
                    $"{ModeKey}='{configured}' is not a systemdb mode; use container, connection-string or local.");
            }
            return (forced, $"{ModeKey}={configured}");
        }
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (SystemDbMode.ConnectionString, "publish mode: production points at an existing PostgreSQL");
        }
        // An explicit connection string is the user's choice and wins over anything we could start.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceName)))
        {
            return (SystemDbMode.ConnectionString, "ConnectionStrings:systemdb is configured");
        }
        var runtime = ContainerRuntimeProbe.FindAnsweringRuntime(TimeSpan.FromSeconds(3));
        if (runtime is not null)
        {
            return (SystemDbMode.Container, $"'{runtime} info' answered");
        }
        return (SystemDbMode.Local, "no container runtime answered (docker/podman info) and ConnectionStrings:systemdb is not set");
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddContainer(IDistributedApplicationBuilder builder)
    {
        var server = builder.AddPostgres("postgres").WithDataVolume("tapline-systemdb");
        return server.AddDatabase(ResourceName, LocalPostgresCluster.DatabaseName);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddLocal(
        IDistributedApplicationBuilder builder, string projectRoot, ILogger log)
    {
        var bin = builder.Configuration[PostgresBinKey] ?? DefaultPostgresBin;
        var dataDirectory = Path.Combine(projectRoot, ".meltano", "postgres");
        var cluster = LocalPostgresCluster.Prepare(bin, dataDirectory, message => log.LogInformation("{Message}", message));
        var (command, args) = cluster.ServerCommand();

        var healthCheckKey = $"{ResourceName}_local_postgres";
        // One instance: it remembers that the database exists once it has created it.
        var healthCheck = new LocalPostgresHealthCheck(cluster);
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheckKey, _ => healthCheck, failureStatus: null, tags: null));

        var resource = new LocalPostgresResource(ResourceName, command, "/", cluster);
        return builder.AddResource(resource)
            .WithArgs(args)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: cluster.Port, targetPort: cluster.Port, isProxied: false)
            .WithHealthCheck(healthCheckKey);
    }
}

