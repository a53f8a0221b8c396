namespace Tapline.Core.Settings;

/// <summary>Tapline's own settings, with Meltano's names; env vars are MELTANO_&lt;NAME&gt; (MELTANO_UI_BIND_PORT).</summary>
public static class ProjectSettingDefinitions
{
    public const string Owner = "meltano";

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        new() { Name = "default_environment", Description = "Environment used when none is given." },
        new() { Name = "database_uri", Value = "sqlite:///$MELTANO_SYS_DIR_ROOT/meltano.db", Description = "System database URI (sqlite:///path or postgresql://user:pass@host:port/db)." },
        new() { Name = "project_readonly", Kind = SettingKind.Boolean, Value = false, Description = "Forbid changes to project files." },
        new() { Name = "elt.buffer_size", Kind = SettingKind.Integer, Value = 104_857_600L, Description = "Bytes buffered between extractor and loader." },
        new() { Name = "ff.strict_env_var_mode", Kind = SettingKind.Boolean, Value = false, Description = "Fail when a $VAR in meltano.yml is not set." },
        new() { Name = "hub_url", Value = "https://hub.meltano.com", Description = "Meltano Hub, where `add` and `lock` find plugin definitions." },
        new() { Name = "hub_api_root", Description = "Hub API root (default: $hub_url/meltano/api/v1)." },
        new() { Name = "hub_url_auth", Sensitive = true, Description = "Authorization header sent to the Hub." },
        new() { Name = "ui.bind_host", Value = "0.0.0.0" },
        new() { Name = "ui.bind_port", Kind = SettingKind.Integer, Value = 5000L },
        new() { Name = "ui.authentication", Kind = SettingKind.Boolean, Value = false },
        new() { Name = "ui.secret_key", Sensitive = true, Description = "Signs access tokens; required when ui.authentication is on." },
        new() { Name = "ui.password_salt", Sensitive = true, Description = "Pepper for password hashes." },
        new() { Name = "ui.server_name" },
        new() { Name = "ui.session_cookie_domain" },
        new() { Name = "ui.session_cookie_secure", Kind = SettingKind.Boolean, Value = false },
        new() { Name = "ui.forwarded_allow_ips", Value = "127.0.0.1" },
        new() { Name = "ui.anonymous_readonly", Kind = SettingKind.Boolean, Value = false },
        new() { Name = "ui.readonly", Kind = SettingKind.Boolean, Value = false },
        new() { Name = "runner.stale_after", Value = "30s", Description = "A running run without heartbeat this long is dead (seconds, or 30s / 5m / 1h / hh:mm:ss)." },
        new() { Name = "runner.stall_timeout", Description = "A run whose extractor prints no Singer message this long ends stalled (30s / 5m / 1h / hh:mm:ss); empty or 0: no watchdog. A schedule's annotations.tapline.stall_timeout wins." },
        new() { Name = "runner.concurrency", Kind = SettingKind.Integer, Value = 1L, Description = "Runs one runner executes at once." },
    ];
}
