using System.Text.RegularExpressions;

namespace Tapline.Core.Settings;

/// <summary>Meltano's env var naming: every non-alphanumeric becomes '_', all upper case.</summary>
public static partial class EnvVarNames
{
    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumeric();

    /// <summary>to_env_var("tap-gitlab", "start.date") -> TAP_GITLAB_START_DATE; extras ("_select") give TAP_X__SELECT.</summary>
    public static string For(params string?[] parts) =>
        string.Join("_", parts.Where(p => !string.IsNullOrEmpty(p)).Select(p => NonAlphanumeric().Replace(p!, "_").ToUpperInvariant()));
}
