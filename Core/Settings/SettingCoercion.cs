using System.Globalization;
using System.Text.Json;

namespace Tapline.Core.Settings;

/// <summary>Turns a raw value (YAML-typed or env text) into the setting's kind, or says why it cannot.</summary>
public static class SettingCoercion
{
    private static readonly HashSet<string> Truthy = new(StringComparer.OrdinalIgnoreCase) { "true", "1", "yes", "y", "on", "t" };
    private static readonly HashSet<string> Falsy = new(StringComparer.OrdinalIgnoreCase) { "false", "0", "no", "n", "off", "f" };

    /// <param name="owner">The plugin name (or "meltano" for project settings), for the error.</param>
    /// <param name="origin">Where the value was read, e.g. "TAP_X_PORT" or "meltano.yml", for the error.</param>
    public static object? Coerce(SettingDefinition def, object? raw, string owner, string? origin = null)
    {
        if (raw is null)
        {
            return null;
        }
        string Fail(string what) => throw new SettingsException(
            $"plugin '{owner}', setting '{def.Name}' ({def.Kind.Name()}): {Show(raw)} {what}{(origin is null ? "" : $" (from {origin})")}");

        switch (def.Kind)
        {
            case SettingKind.Integer:
                return raw switch
                {
                    long l => l,
                    int i => (long)i,
                    double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
                    string s when long.TryParse(s.Trim().Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
                    _ => Fail("is not an integer"),
                };
            case SettingKind.Decimal:
                return raw switch
                {
                    long l => (double)l,
                    double d => d,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                    _ => Fail("is not a number"),
                };
            case SettingKind.Boolean:
                return raw switch
                {
                    bool b => b,
                    long l when l is 0 or 1 => l == 1,
                    string s when Truthy.Contains(s.Trim()) => true,
                    string s when Falsy.Contains(s.Trim()) => false,
                    _ => Fail("is not a boolean (true/false)"),
                };
            case SettingKind.Array:
                return raw switch
                {
                    List<object?> list => list,
                    string s when ParseJson(s) is List<object?> list => list,
                    _ => Fail("is not an array (a YAML list or a JSON array)"),
                };
            case SettingKind.Object:
                return raw switch
                {
                    Dictionary<string, object?> map => map,
                    string s when ParseJson(s) is Dictionary<string, object?> map => map,
                    _ => Fail("is not an object (a YAML mapping or a JSON object)"),
                };
            case SettingKind.Options:
                var text = Scalar(raw) ?? Fail("is not a single value");
                if (def.Options.Count > 0 && def.Options.All(o => o.Value != text))
                {
                    Fail($"is not one of the options {string.Join(", ", def.Options.Select(o => o.Value))}");
                }
                return text;
            case SettingKind.DateIso8601:
                var date = Scalar(raw) ?? Fail("is not a date");
                // Empty is "not set" (a $VAR that expands to nothing, or the Hub's value: ""); Meltano passes it on.
                if (date.Length > 0 && !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    Fail("is not an ISO 8601 date (e.g. 2024-01-31 or 2024-01-31T00:00:00Z)");
                }
                return date;
            case SettingKind.Email:
                var email = Scalar(raw) ?? Fail("is not an email address");
                if (email.Length > 0 && !email.Contains('@'))
                {
                    Fail("is not an email address");
                }
                return email;
            default:
                if (def.Custom)
                {
                    // Custom settings have no declared kind: the value keeps the type it was written with.
                    return raw;
                }
                if (raw is List<object?> or Dictionary<string, object?>)
                {
                    Fail("is a structure, not a single value");
                }
                return Scalar(raw);
        }
    }

    private static string? Scalar(object? raw) => raw switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        List<object?> or Dictionary<string, object?> => null,
        _ => raw.ToString(),
    };

    private static string Show(object? raw) => raw is string s ? $"'{s}'" : JsonValues.Serialize(raw);

    /// <summary>Parses JSON text into plain values, or null when it is not JSON.</summary>
    public static object? ParseJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return JsonValues.FromElement(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses text typed on the command line or in the env: JSON when it is JSON, else the text itself.</summary>
    public static object? ParseCliValue(string text, SettingKind kind) => kind switch
    {
        SettingKind.Array or SettingKind.Object => ParseJson(text) ?? text,
        SettingKind.String or SettingKind.Password or SettingKind.Oauth or SettingKind.Email or SettingKind.File
            or SettingKind.Hidden or SettingKind.DateIso8601 or SettingKind.Options => text,
        _ => text,
    };

    internal static SettingKind InferKind(object? value) => value switch
    {
        bool => SettingKind.Boolean,
        long or int => SettingKind.Integer,
        double => SettingKind.Decimal,
        List<object?> => SettingKind.Array,
        Dictionary<string, object?> => SettingKind.Object,
        _ => SettingKind.String,
    };
}
