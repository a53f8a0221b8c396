using System.Text.RegularExpressions;

namespace Tapline.Core.Settings;

/// <summary>
/// Expands $VAR and ${VAR} in values from meltano.yml. \$VAR stays literal (without the backslash). A missing
/// variable expands to "" unless strict mode (ff.strict_env_var_mode) is on, where it is an error.
/// </summary>
public static partial class EnvVarExpander
{
    [GeneratedRegex(@"(?<escape>\\)?\$(?:\{(?<curly>\w+)\}|(?<normal>[A-Z][A-Z0-9_]*))")]
    private static partial Regex Pattern();

    public static string Expand(string text, IReadOnlyDictionary<string, string> env, bool strict, string? context = null) =>
        Pattern().Replace(text, m =>
        {
            var name = m.Groups["curly"].Success ? m.Groups["curly"].Value : m.Groups["normal"].Value;
            var restored = m.Groups["curly"].Success ? $"${{{name}}}" : $"${name}";
            if (m.Groups["escape"].Success)
            {
                return restored;
            }
            if (env.TryGetValue(name, out var value))
            {
                return value;
            }
            if (strict)
            {
                throw new SettingsException(
                    $"{(context is null ? "" : context + ": ")}environment variable '{name}' is not set (strict env var mode is on)");
            }
            return "";
        });

    /// <summary>True when a string inside <paramref name="value"/> holds an unescaped $VAR or ${VAR}.</summary>
    public static bool HasReference(object? value) => value switch
    {
        string s => Pattern().Matches(s).Any(m => !m.Groups["escape"].Success),
        List<object?> list => list.Any(HasReference),
        Dictionary<string, object?> map => map.Values.Any(HasReference),
        _ => false,
    };

    /// <summary>Expands inside strings of nested lists and mappings; other values pass through.</summary>
    public static object? ExpandValue(object? value, IReadOnlyDictionary<string, string> env, bool strict, string? context = null) => value switch
    {
        string s => Expand(s, env, strict, context),
        List<object?> list => list.Select(v => ExpandValue(v, env, strict, context)).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => ExpandValue(kv.Value, env, strict, context)),
        _ => value,
    };
}
