using Tapline.Core.Project;

namespace Tapline.Core.Notifications;

public enum ChannelType
{
    Webhook,
    Slack,
    Email,
}

public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
    /// <summary>No TLS (a local relay).</summary>
    None,
}

public sealed record SmtpOptions(string Host, int Port, SmtpSecurity Security, string? Username, string? Password, string From, IReadOnlyList<string> To);

/// <summary>A configured destination, with its $VAR references already expanded (so it holds secrets: never log it).</summary>
public sealed record NotificationChannel(string Name, ChannelType Type)
{
    public string? Url { get; init; }
    /// <summary>Webhook: the HMAC-SHA256 key of <c>X-Tapline-Signature</c>.</summary>
    public string? Secret { get; init; }
    public SmtpOptions? Smtp { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public SourceLocation? At { get; init; }
}

/// <summary>
/// Which events go to which channels. Empty <see cref="Schedules"/> and <see cref="Jobs"/> mean the whole project;
/// otherwise only runs of those schedules or jobs. Events of one rule, kind and pipeline within
/// <see cref="GroupWindow"/> of a sent message are counted, not sent.
/// </summary>
public sealed record NotificationRule(int Index, IReadOnlySet<string> Events, IReadOnlyList<string> Channels)
{
    public IReadOnlyList<string> Schedules { get; init; } = [];
    public IReadOnlyList<string> Jobs { get; init; } = [];
    public TimeSpan GroupWindow { get; init; } = NotificationSettings.DefaultGroupWindow;

    public bool Matches(NotificationEvent e) =>
        Events.Contains(e.Kind)
        && (Schedules.Count == 0 && Jobs.Count == 0
            || e.Schedule is { } s && Schedules.Contains(s)
            || e.Job is { } j && Jobs.Contains(j));
}

public sealed record NotificationSettings(IReadOnlyDictionary<string, NotificationChannel> Channels, IReadOnlyList<NotificationRule> Rules)
{
    public static readonly TimeSpan DefaultGroupWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Where the UI answers (<c>https://host</c>), from Meltano's <c>ui.server_name</c>; null when it is not set, and then
    /// messages carry no link (a guessed host would send the reader somewhere wrong).
    /// </summary>
    public string? UiBaseUrl { get; init; }

    /// <summary>
    /// <c>ui.server_name</c> as a URL: https when <c>ui.session_cookie_secure</c> is on (the UI is then served over TLS),
    /// else http; a value that already names its scheme is kept.
    /// </summary>
    public static string? UiBaseUrlOf(string? serverName, bool secure)
    {
        if (string.IsNullOrWhiteSpace(serverName))
        {
            return null;
        }
        var name = serverName.Trim().TrimEnd('/');
        return name.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || name.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? name
            : $"{(secure ? "https" : "http")}://{name}";
    }

    public static readonly NotificationSettings None = new(new Dictionary<string, NotificationChannel>(), []);
}
