namespace Tapline.Core.Settings;

/// <summary>Meltano's setting kinds (<c>kind:</c> of a setting definition).</summary>
public enum SettingKind
{
    String,
    Integer,
    Decimal,
    Boolean,
    DateIso8601,
    Email,
    Password,
    Oauth,
    Options,
    File,
    Array,
    Object,
    Hidden,
}

public static class SettingKinds
{
    private static readonly Dictionary<string, SettingKind> ByName = new(StringComparer.Ordinal)
    {
        ["string"] = SettingKind.String,
        ["integer"] = SettingKind.Integer,
        ["decimal"] = SettingKind.Decimal,
        ["boolean"] = SettingKind.Boolean,
        ["date_iso8601"] = SettingKind.DateIso8601,
        ["email"] = SettingKind.Email,
        ["password"] = SettingKind.Password,
        ["oauth"] = SettingKind.Oauth,
        ["options"] = SettingKind.Options,
        ["file"] = SettingKind.File,
        ["array"] = SettingKind.Array,
        ["object"] = SettingKind.Object,
        ["hidden"] = SettingKind.Hidden,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out SettingKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static string Name(this SettingKind kind) => ByName.First(kv => kv.Value == kind).Key;

    /// <summary>Password and oauth values are secrets whatever <c>sensitive:</c> says.</summary>
    public static bool IsSensitive(this SettingKind kind) => kind is SettingKind.Password or SettingKind.Oauth;
}
