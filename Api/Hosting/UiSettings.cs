namespace Tapline.Api.Hosting;

/// <summary>
/// Meltano's <c>ui.*</c> settings (and <c>project_readonly</c>) as the Api uses them.
/// Resolved once at start by <see cref="UiSettingsReader"/>.
/// </summary>
public sealed record UiSettings
{
    public string BindHost { get; init; } = "0.0.0.0";
    public int BindPort { get; init; } = 5000;

    /// <summary>null when not set anywhere: the startup guard treats "unset" and "false" differently.</summary>
    public bool? Authentication { get; init; }
    public string? SecretKey { get; init; }
    public string? PasswordSalt { get; init; }
    public string? ServerName { get; init; }
    public string? SessionCookieDomain { get; init; }
    public bool SessionCookieSecure { get; init; }
    public string ForwardedAllowIps { get; init; } = "127.0.0.1";
    public bool AnonymousReadonly { get; init; }
    public bool Readonly { get; init; }
    public bool ProjectReadonly { get; init; }

    /// <summary>Active Meltano environment (<c>MELTANO_ENVIRONMENT</c>), shown by the UI.</summary>
    public string? Environment { get; init; }

    /// <summary><c>TAPLINE_TRACE_URL_TEMPLATE</c>: a run's trace in the dashboard, <c>{traceId}</c> replaced (the AppHost sets it in run mode).</summary>
    public string? TraceUrlTemplate { get; init; }

    public bool AuthenticationEnabled => Authentication == true;

    /// <summary>Issuer and audience of access tokens: the server name when set, so tokens of one deployment do not work on another.</summary>
    public string TokenAudience => string.IsNullOrWhiteSpace(ServerName) ? "tapline" : ServerName;
}
