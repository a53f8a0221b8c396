using System.Globalization;

namespace Tapline.Api.Ui;

/// <summary>
/// Reads <see cref="UiSettings"/> from configuration keys named like Meltano's environment
/// variables (<c>MELTANO_UI_SECRET_KEY</c>, <c>MELTANO_PROJECT_READONLY</c>, ...), so the
/// same <c>.env</c> works for Meltano and Tapline.
/// </summary>
public static class UiSettingsReader
{
    public static UiSettings Read(IConfiguration configuration)
    {
        var defaults = new UiSettings();
        return new UiSettings
        {
            BindHost = Text(configuration, "MELTANO_UI_BIND_HOST") ?? defaults.BindHost,
            BindPort = Int(configuration, "MELTANO_UI_BIND_PORT", "ui.bind_port") ?? defaults.BindPort,
            Authentication = Bool(configuration, "MELTANO_UI_AUTHENTICATION", "ui.authentication"),
            SecretKey = Text(configuration, "MELTANO_UI_SECRET_KEY"),
            PasswordSalt = Text(configuration, "MELTANO_UI_PASSWORD_SALT"),
            ServerName = Text(configuration, "MELTANO_UI_SERVER_NAME"),
            SessionCookieDomain = Text(configuration, "MELTANO_UI_SESSION_COOKIE_DOMAIN"),
            SessionCookieSecure = Bool(configuration, "MELTANO_UI_SESSION_COOKIE_SECURE", "ui.session_cookie_secure") ?? false,
            ForwardedAllowIps = Text(configuration, "MELTANO_UI_FORWARDED_ALLOW_IPS") ?? defaults.ForwardedAllowIps,
            AnonymousReadonly = Bool(configuration, "MELTANO_UI_ANONYMOUS_READONLY", "ui.anonymous_readonly") ?? false,
            Readonly = Bool(configuration, "MELTANO_UI_READONLY", "ui.readonly") ?? false,
            ProjectReadonly = Bool(configuration, "MELTANO_PROJECT_READONLY", "project_readonly") ?? false,
            Environment = Text(configuration, "MELTANO_ENVIRONMENT"),
        };
    }

    private static string? Text(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : null;

    private static int? Int(IConfiguration configuration, string key, string setting)
    {
        var text = Text(configuration, key);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 65536
            ? value
            : throw new UiSettingsException($"{setting} ({key}) must be a port number, got '{text}'.");
    }

    // Meltano's boolean parsing: true/1/yes/on and false/0/no/off, case-insensitive.
    private static bool? Bool(IConfiguration configuration, string key, string setting)
    {
        var text = Text(configuration, key);
        if (text is null) return null;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" or "yes" or "on" or "t" or "y" => true,
            "false" or "0" or "no" or "off" or "f" or "n" => false,
            _ => throw new UiSettingsException($"{setting} ({key}) must be true or false, got '{text}'."),
        };
    }
}
