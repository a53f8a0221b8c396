using Tapline.Api.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Hosting;

/// <summary>
/// Reads <see cref="UiSettings"/> from the project's settings (env, .env, meltano.yml, in
/// Meltano's order, under Meltano's names: <c>ui.secret_key</c> / <c>MELTANO_UI_SECRET_KEY</c>, ...).
/// </summary>
public static class UiSettingsReader
{
    public static UiSettings Read(ProjectAccess project)
    {
        ProjectSettings settings;
        try
        {
            settings = project.Settings();
        }
        catch (Exception e) when (e is SettingsException or Core.Project.ProjectException)
        {
            throw new UiSettingsException(e.Message);
        }
        var authentication = settings.Resolved.Find("ui.authentication");
        return new UiSettings
        {
            BindHost = settings.UiBindHost,
            BindPort = settings.UiBindPort,
            // The startup guard tells "never set" from "set to false": only an explicit false may expose an open UI.
            Authentication = authentication is null || authentication.Source is SettingValueSource.Default or SettingValueSource.Unset
                ? null
                : settings.UiAuthentication,
            SecretKey = settings.UiSecretKey,
            PasswordSalt = settings.UiPasswordSalt,
            ServerName = settings.UiServerName,
            SessionCookieDomain = settings.UiSessionCookieDomain,
            SessionCookieSecure = settings.UiSessionCookieSecure,
            ForwardedAllowIps = settings.UiForwardedAllowIps,
            AnonymousReadonly = settings.UiAnonymousReadonly,
            Readonly = settings.UiReadonly,
            ProjectReadonly = settings.ProjectReadonly,
            Environment = project.Places.Environment,
            TraceUrlTemplate = project.ProcessEnv.GetValueOrDefault("TAPLINE_TRACE_URL_TEMPLATE"),
        };
    }
}
