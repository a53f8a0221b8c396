namespace Tapline.Core.Settings;

/// <summary>
/// The environment a $VAR in a plugin's settings may expand against: the process's, minus Tapline's own secrets.
/// A meltano.yml in git, or any admin, can write <c>$MELTANO_UI_SECRET_KEY</c> into a setting, and a setting is
/// shown to every viewer; so the services' secrets are never expanded into settings (issue #12, item 9). A plugin
/// process still gets the full terminal environment, as Meltano stacks it; only expansion into settings is limited.
/// </summary>
public static class PluginVisibleEnv
{
    // The project settings whose values are Tapline's secrets: every sensitive one, and database_uri, which carries
    // the system database's password in its URI although Meltano does not mark it sensitive.
    private static readonly HashSet<string> SecretSettingEnvVars = ProjectSettingDefinitions.All
        .Where(d => d.IsRedacted || d.Name == "database_uri")
        .SelectMany(d => SettingsResolver.EnvVarsFor(d, [ProjectSettingDefinitions.Owner]))
        .ToHashSet(StringComparer.Ordinal);

    // TAPLINE_* are the services' own variables (bootstrap password, ...); ConnectionStrings__* is how Aspire
    // hands a service its databases, passwords included.
    private static readonly string[] SecretPrefixes = ["TAPLINE_", "ConnectionStrings__", "ConnectionStrings:"];

    /// <summary>True for a variable that belongs to Tapline's services and never reaches a plugin's settings.</summary>
    public static bool IsServiceSecret(string name) =>
        SecretSettingEnvVars.Contains(name) || SecretPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="env"/> without the services' secrets; a reference to one then expands as an unset variable.</summary>
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, string> env) =>
        env.Where(kv => !IsServiceSecret(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
