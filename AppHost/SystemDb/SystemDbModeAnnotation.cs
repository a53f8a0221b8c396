using Aspire.Hosting.ApplicationModel;

namespace Tapline.AppHost.SystemDb;

/// <summary>Records which <see cref="SystemDbMode"/> runs, so services and tests can tell.</summary>
public sealed record SystemDbModeAnnotation(SystemDbMode Mode, string Reason) : IResourceAnnotation
{
    public string EnvironmentValue => Mode switch
    {
        SystemDbMode.Container => "container",
        SystemDbMode.ConnectionString => "connection-string",
        _ => "local",
    };
}
