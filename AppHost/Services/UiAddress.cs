namespace Aspire.Hosting;

/// <summary>
/// Where the UI is served, as the AppHost was told: Meltano's <c>ui.server_name</c> and <c>ui.session_cookie_secure</c>
/// (<c>Parameters:ui-server-name</c> / <c>Parameters:ui-session-cookie-secure</c>, or the <c>MELTANO_UI_*</c> variables
/// under their Meltano names). The Api accepts Host headers, signs tokens and sets cookies with them, and the
/// Scheduler's notifications build a run's link from them (<c>NotificationSettings.UiBaseUrlOf</c>): every service
/// that uses them gets them from here, so a link never points elsewhere than the Api answers. What the AppHost was not
/// told is not passed at all, and each service reads the project's own value (<c>.env</c>, <c>meltano.yml</c>).
/// </summary>
public sealed class UiAddress
{
    private static readonly (string Parameter, string EnvVar)[] Settings =
    [
        ("ui-server-name", "MELTANO_UI_SERVER_NAME"),
        ("ui-session-cookie-secure", "MELTANO_UI_SESSION_COOKIE_SECURE"),
    ];

    private readonly List<(string EnvVar, IResourceBuilder<ParameterResource> Value)> _given = [];

    private UiAddress()
    {
    }

    public static UiAddress From(IDistributedApplicationBuilder builder)
    {
        var address = new UiAddress();
        foreach (var (parameter, envVar) in Settings)
        {
            var value = builder.Configuration[$"Parameters:{parameter}"] ?? builder.Configuration[envVar];
            if (!string.IsNullOrWhiteSpace(value))
            {
                address._given.Add((envVar, builder.AddParameter(parameter, value, publishValueAsDefault: true)));
            }
        }
        return address;
    }

    /// <summary>Gives <paramref name="service"/> every setting the AppHost was given.</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> service)
    {
        foreach (var (envVar, value) in _given)
        {
            service.WithEnvironment(envVar, value);
        }
        return service;
    }
}
