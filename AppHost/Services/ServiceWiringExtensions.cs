using Tapline.AppHost.SystemDb;

namespace Aspire.Hosting;

/// <summary>What every Tapline service gets: the system database, the project, its mode.</summary>
public static class ServiceWiringExtensions
{
    public static IResourceBuilder<ProjectResource> WithTaplineDefaults(
        this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<IResourceWithConnectionString> systemdb,
        IResourceBuilder<ParameterResource> projectRoot,
        bool isPublishMode)
    {
        var mode = systemdb.Resource.Annotations.OfType<SystemDbModeAnnotation>().Single();
        service
            .WithReference(systemdb)
            .WaitFor(systemdb)
            .WithEnvironment("MELTANO_PROJECT_ROOT", projectRoot)
            .WithEnvironment("TAPLINE_SYSTEMDB_MODE", mode.EnvironmentValue);
        if (isPublishMode)
        {
            // As Meltano's container guidance: a deployed project is edited in git, not in place.
            service.WithEnvironment("MELTANO_PROJECT_READONLY", "true");
        }
        return service;
    }
}
