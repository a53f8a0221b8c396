using System.Diagnostics;

namespace Tapline.Core.Settings;

/// <summary>
/// The environment a $VAR in a plugin's settings may expand against: the process's, minus Tapline's own secrets.
/// A meltano.yml in git, or any admin, can write <c>$MELTANO_UI_SECRET_KEY</c> into a setting, and a setting is
/// shown to every viewer; so the services' secrets are never expanded into settings (issue #12, item 9). A plugin
/// process gets the terminal environment as Meltano stacks it (MELTANO_* included), minus the services' own
/// variables (<see cref="IsServiceVariable"/>: Aspire's connection strings, TAPLINE_*), which no Meltano plugin reads.
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

    /// <summary>
    /// True for a variable of the services themselves, by name (<c>ConnectionStrings__*</c>, <c>ConnectionStrings:*</c>,
    /// <c>TAPLINE_*</c>): never given to a plugin's process. <c>TAPLINE_PLUGINS_DIR</c> is a path, not a secret, and
    /// a utility plugin that runs <c>tapline</c> needs it to find the bundled plugins.
    /// </summary>
    public static bool IsServiceVariable(string name) =>
        SecretPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        && !string.Equals(name, Plugins.PluginPaths.BundledPluginsVariable, StringComparison.Ordinal);

    /// <summary>
    /// A plugin process's environment, the one way every plugin process is started (runs, invoke, discovery, pip,
    /// <c>config test</c>): <paramref name="env"/> over the copy of the service's own that
    /// <see cref="ProcessStartInfo.Environment"/> starts as (a null value removes a variable), then without the
    /// services' own variables, so a worker's plugin never sees the system database's password.
    /// </summary>
    public static void ApplyTo(ProcessStartInfo info, IEnumerable<KeyValuePair<string, string?>> env)
    {
        foreach (var (name, value) in env)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }
        foreach (var name in info.Environment.Keys.Where(IsServiceVariable).ToList())
        {
            info.Environment.Remove(name);
        }
    }

    /// <summary>
    /// <paramref name="env"/> without the services' own variables (<see cref="IsServiceVariable"/>): the terminal and
    /// <c>.env</c> layers of a plugin process's environment, so that an <c>env:</c> entry in meltano.yml cannot copy one
    /// under another name (<c>X: $TAPLINE_BOOTSTRAP_PASSWORD</c>); a reference to one expands as an unset variable.
    /// </summary>
    public static Dictionary<string, string> WithoutServiceVariables(IReadOnlyDictionary<string, string> env) =>
        env.Where(kv => !IsServiceVariable(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary><paramref name="env"/> without the services' secrets; a reference to one then expands as an unset variable.</summary>
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, string> env) =>
        env.Where(kv => !IsServiceSecret(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
