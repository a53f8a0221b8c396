using System.Globalization;

namespace Tapline.Core.Settings;

/// <summary>
/// Tapline's project settings resolved (env > .env > meltano.yml > system DB > default) into one typed object
/// the services read. <see cref="Resolved"/> keeps the per-setting sources for <c>tapline config meltano list</c>.
/// </summary>
public sealed class ProjectSettings
{
    public required string ProjectRoot { get; init; }
    /// <summary>MELTANO_SYS_DIR_ROOT, by default &lt;root&gt;/.meltano.</summary>
    public required string SysDirRoot { get; init; }
    public required ResolvedSettings Resolved { get; init; }

    public string? DefaultEnvironment => Resolved["default_environment"] as string;
    public string DatabaseUri => (string)Resolved["database_uri"]!;
    public bool ProjectReadonly => (bool)Resolved["project_readonly"]!;
    public long EltBufferSize => (long)Resolved["elt.buffer_size"]!;
    public bool StrictEnvVarMode => (bool)Resolved["ff.strict_env_var_mode"]!;
    public string UiBindHost => (string)Resolved["ui.bind_host"]!;
    public int UiBindPort => checked((int)(long)Resolved["ui.bind_port"]!);
    public bool UiAuthentication => (bool)Resolved["ui.authentication"]!;
    public string? UiSecretKey => Resolved["ui.secret_key"] as string;
    public string? UiPasswordSalt => Resolved["ui.password_salt"] as string;
    public string? UiServerName => Resolved["ui.server_name"] as string;
    public string? UiSessionCookieDomain => Resolved["ui.session_cookie_domain"] as string;
    public bool UiSessionCookieSecure => (bool)Resolved["ui.session_cookie_secure"]!;
    public string UiForwardedAllowIps => (string)Resolved["ui.forwarded_allow_ips"]!;
    public bool UiAnonymousReadonly => (bool)Resolved["ui.anonymous_readonly"]!;
    public bool UiReadonly => (bool)Resolved["ui.readonly"]!;
    public TimeSpan RunnerStaleAfter => ParseDuration((string)Resolved["runner.stale_after"]!);
    /// <summary><c>runner.stall_timeout</c>; null when unset or zero (no stall watchdog).</summary>
    public TimeSpan? RunnerStallTimeout => Convert.ToString(Resolved["runner.stall_timeout"], CultureInfo.InvariantCulture) is { Length: > 0 } text
        && ParseDuration(text, "runner.stall_timeout") is { } limit && limit > TimeSpan.Zero ? limit : null;

    public int RunnerConcurrency => checked((int)(long)Resolved["runner.concurrency"]!);

    /// <summary>The env var that carries the sys dir; relative values are under the project root.</summary>
    public const string SysDirEnvVar = "MELTANO_SYS_DIR_ROOT";

    public static string ResolveSysDir(string root, IReadOnlyDictionary<string, string> processEnv, IReadOnlyDictionary<string, string> dotEnv)
    {
        var configured = processEnv.GetValueOrDefault(SysDirEnvVar) ?? dotEnv.GetValueOrDefault(SysDirEnvVar);
        return string.IsNullOrEmpty(configured) ? Path.Combine(root, ".meltano") : Path.GetFullPath(configured, root);
    }

    /// <param name="topLevel">meltano.yml's top-level keys (<see cref="Project.MeltanoProject.TopLevel"/>).</param>
    /// <param name="projectEnv">meltano.yml's top-level <c>env:</c>.</param>
    public static ProjectSettings Resolve(
        string root,
        IReadOnlyDictionary<string, object?> topLevel,
        IReadOnlyDictionary<string, string> processEnv,
        IReadOnlyDictionary<string, string> dotEnv,
        IReadOnlyDictionary<string, string>? projectEnv = null,
        ISettingsDbStore? db = null)
    {
        var sysDir = ResolveSysDir(root, processEnv, dotEnv);
        var expansion = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in new[] { projectEnv ?? new Dictionary<string, string>(), dotEnv, processEnv })
        {
            foreach (var (k, v) in layer)
            {
                expansion[k] = v;
            }
        }
        expansion["MELTANO_PROJECT_ROOT"] = root;
        expansion[SysDirEnvVar] = sysDir;
        var strictDef = ProjectSettingDefinitions.All.First(d => d.Name == "ff.strict_env_var_mode");
        var strictScope = new SettingsScope
        {
            Owner = ProjectSettingDefinitions.Owner,
            Definitions = [strictDef],
            EnvPrefixes = ["meltano"],
            ProcessEnv = processEnv,
            DotEnv = dotEnv,
            YmlConfig = topLevel,
        };
        var strict = SettingsResolver.Resolve(strictScope)["ff.strict_env_var_mode"] is true;
        var resolved = SettingsResolver.Resolve(new SettingsScope
        {
            Owner = ProjectSettingDefinitions.Owner,
            Definitions = ProjectSettingDefinitions.All,
            EnvPrefixes = ["meltano"],
            ProcessEnv = processEnv,
            DotEnv = dotEnv,
            YmlConfig = YmlSettings(topLevel),
            Db = db?.GetValues(ProjectSettingDefinitions.Owner, ProjectSettingDefinitions.Owner),
            ExpansionEnv = expansion,
            StrictEnvVarMode = strict,
        });
        var settings = new ProjectSettings { ProjectRoot = root, SysDirRoot = sysDir, Resolved = resolved };
        _ = settings.RunnerStaleAfter;
        _ = settings.RunnerStallTimeout;
        return settings;
    }

    // Top-level keys of meltano.yml that are part of the project's shape, not settings.
    private static readonly HashSet<string> NotSettings = ["version", "project_id", "send_anonymous_usage_stats", "state_backend", "annotations"];

    /// <summary>
    /// The settings written in meltano.yml: Meltano's at the top level, Tapline's own (ui.*, runner.*) under
    /// <c>annotations: {tapline: ...}</c> where Meltano's schema lets other tools keep keys (an old top-level
    /// spelling still reads; the annotation wins).
    /// </summary>
    private static Dictionary<string, object?> YmlSettings(IReadOnlyDictionary<string, object?> topLevel)
    {
        var settings = topLevel.Where(kv => !NotSettings.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (topLevel.GetValueOrDefault("annotations") is Dictionary<string, object?> annotations
            && annotations.GetValueOrDefault(AnnotationKey) is Dictionary<string, object?> own)
        {
            foreach (var (key, value) in own)
            {
                if (value is Dictionary<string, object?> nested && settings.GetValueOrDefault(key) is Dictionary<string, object?> old)
                {
                    var merged = new Dictionary<string, object?>(old, StringComparer.Ordinal);
                    foreach (var (k, v) in nested)
                    {
                        merged[k] = v;
                    }
                    settings[key] = merged;
                }
                else
                {
                    settings[key] = value;
                }
            }
        }
        return settings;
    }

    /// <summary>The key under meltano.yml's top-level <c>annotations</c> that holds Tapline's own settings.</summary>
    public const string AnnotationKey = "tapline";

    /// <summary>Top-level keys Meltano's schema allows; a Tapline setting whose first part is not one goes under annotations.</summary>
    public static readonly IReadOnlySet<string> MeltanoTopLevelKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "version", "annotations", "default_environment", "send_anonymous_usage_stats", "project_id", "database_uri", "python",
        "state_backend", "venv", "environments", "include_paths", "plugins", "schedules", "env", "jobs", "database_max_retries",
        "database_retry_timeout", "project_readonly", "cli", "elt", "experimental", "ff", "hub_api_root", "hub_url",
        "hub_url_auth", "snowplow", "auto_install",
    };

    /// <summary>A duration setting as <see cref="Schedules.DurationText.TryRead"/> reads every duration; a clear error naming the setting otherwise.</summary>
    public static TimeSpan ParseDuration(string text, string setting = "runner.stale_after") =>
        Schedules.DurationText.TryRead(text, out var duration)
            ? duration
            : throw new SettingsException($"plugin 'meltano', setting '{setting}' (string): '{text}' is not a duration (300, 30s, 5m, 1h, 1d2h or hh:mm:ss)");
}
