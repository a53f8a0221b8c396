using Aspire.Hosting.ApplicationModel;

namespace Tapline.AppHost.SystemDb;

/// <summary>
/// A PostgreSQL server run from the machine's binaries as an executable resource, which is also
/// the <c>systemdb</c> connection string the services reference.
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, LocalPostgresCluster cluster)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public LocalPostgresCluster Cluster { get; } = cluster;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Cluster.ConnectionString(LocalPostgresCluster.DatabaseName)}");
}
