using System.Net;
using System.Text;

namespace Tapline.Api.Hosting;

/// <summary>
/// Refuses to start an Api that would be unsafe: authentication on without its secrets, or
/// reachable beyond loopback without authentication unless that was chosen explicitly.
/// </summary>
public static class StartupGuard
{
    /// <summary>HS256 needs at least a 256-bit key; shorter secrets are refused rather than padded.</summary>
    public const int MinimumSecretBytes = 32;

    /// <summary>Throws <see cref="UiSettingsException"/> naming the setting; returns a warning to log at every start, if any.</summary>
    public static string? Check(UiSettings ui, IReadOnlyList<string> listenUrls)
    {
        if (ui.AuthenticationEnabled)
        {
            if (string.IsNullOrWhiteSpace(ui.SecretKey))
            {
                throw new UiSettingsException(
                    "ui.authentication is on but ui.secret_key (MELTANO_UI_SECRET_KEY) is not set; run `tapline ui setup` to write one into .env.");
            }
            if (Encoding.UTF8.GetByteCount(ui.SecretKey) < MinimumSecretBytes)
            {
                throw new UiSettingsException(
                    $"ui.secret_key (MELTANO_UI_SECRET_KEY) is shorter than {MinimumSecretBytes} bytes; run `tapline ui setup` to write a strong one into .env.");
            }
            if (string.IsNullOrWhiteSpace(ui.PasswordSalt))
            {
                throw new UiSettingsException(
                    "ui.authentication is on but ui.password_salt (MELTANO_UI_PASSWORD_SALT) is not set; run `tapline ui setup` to write one into .env.");
            }
            return null;
        }

        var exposed = listenUrls.Where(url => !IsLoopback(url)).ToList();
        if (exposed.Count == 0)
        {
            return null;
        }
        if (ui.Authentication is null)
        {
            throw new UiSettingsException(
                $"The Api listens beyond loopback ({string.Join(", ", exposed)}) and ui.authentication (MELTANO_UI_AUTHENTICATION) is not set. " +
                "Turn authentication on (and run `tapline ui setup`), bind to 127.0.0.1 with ui.bind_host, or set ui.authentication to false explicitly to accept an open UI.");
        }
        return $"ui.authentication is false and the Api listens beyond loopback ({string.Join(", ", exposed)}): anyone who can reach it can change and run pipelines.";
    }

    /// <summary>The addresses Kestrel will listen on: ASP.NET's own settings (Aspire sets them) win over ui.bind_host/ui.bind_port.</summary>
    public static IReadOnlyList<string> ListenUrls(IConfiguration configuration, UiSettings ui)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        var ports = new[] { ("http", configuration["http_ports"]), ("https", configuration["https_ports"]) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .SelectMany(p => p.Item2!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{p.Item1}://*:{port}"))
            .ToList();
        if (ports.Count > 0)
        {
            return ports;
        }
        var host = ui.BindHost.Contains(':') && !ui.BindHost.StartsWith('[') ? $"[{ui.BindHost}]" : ui.BindHost;
        return [$"http://{host}:{ui.BindPort}"];
    }

    internal static bool IsLoopback(string url)
    {
        var authority = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = authority.IndexOf('/');
        if (slash >= 0) authority = authority[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            host = authority[1..authority.IndexOf(']')];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
        }
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
