namespace Tapline.AppHost.SystemDb;

/// <summary>Where the system database comes from; chosen once at start and announced.</summary>
public enum SystemDbMode
{
    /// <summary>A PostgreSQL container with a data volume (a container runtime answered).</summary>
    Container,

    /// <summary>An existing server named by <c>ConnectionStrings:systemdb</c> (or a publish-time parameter).</summary>
    ConnectionString,

    /// <summary>A PostgreSQL server started from the machine's binaries, data under <c>.meltano/postgres</c>.</summary>
    Local,
}
