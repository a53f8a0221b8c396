using Tapline.Core.Settings;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// The secrets that encrypt the Data Protection key ring at rest (the keys that in turn encrypt stored plugin
/// secrets): <c>ui.secret_key</c> (<c>MELTANO_UI_SECRET_KEY</c>), resolved like every project setting, and the
/// earlier values of it listed in <c>TAPLINE_PREVIOUS_SECRET_KEYS</c>, so a changed key can still open the ring
/// once and re-encrypt it with the new one.
/// </summary>
public sealed record DataProtectionSecrets(string Current, string? Previous = null)
{
    /// <summary>Earlier values of <c>ui.secret_key</c>, comma-separated (process env, then <c>.env</c>).</summary>
    public const string PreviousKeysEnvVar = "TAPLINE_PREVIOUS_SECRET_KEYS";

    /// <summary>The project's secrets, or null when <c>ui.secret_key</c> is not set (the ring then stays as it is written).</summary>
    public static DataProtectionSecrets? From(ProjectSettings settings, IReadOnlyDictionary<string, string> processEnv, IReadOnlyDictionary<string, string> dotEnv) =>
        string.IsNullOrEmpty(settings.UiSecretKey)
            ? null
            : new DataProtectionSecrets(settings.UiSecretKey, processEnv.GetValueOrDefault(PreviousKeysEnvVar) ?? dotEnv.GetValueOrDefault(PreviousKeysEnvVar));

    /// <summary>The variables that carry these secrets: <c>ui.secret_key</c>'s (<c>MELTANO_UI_SECRET_KEY</c>) and <see cref="PreviousKeysEnvVar"/>.</summary>
    public static IReadOnlyList<string> EnvVars { get; } =
    [
        .. SettingsResolver.EnvVarsFor(ProjectSettingDefinitions.All.Single(d => d.Name == "ui.secret_key"), [ProjectSettingDefinitions.Owner]),
        PreviousKeysEnvVar,
    ];

    /// <summary>
    /// Removes <see cref="EnvVars"/> from this process's environment, once they are read: every plugin a worker
    /// starts inherits that environment, and a tap has no business holding the key to the services' secrets.
    /// </summary>
    public static void KeepFromChildProcesses()
    {
        foreach (var name in EnvVars)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    public IEnumerable<string> PreviousKeys =>
        (Previous ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(k => k != Current);

    // A record prints its members; these are secrets.
    public override string ToString() => "DataProtectionSecrets { redacted }";
}
