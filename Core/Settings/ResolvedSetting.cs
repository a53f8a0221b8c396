namespace Tapline.Core.Settings;

/// <summary>One setting after resolution: its typed value and the layer it came from.</summary>
public sealed record ResolvedSetting(
    SettingDefinition Definition,
    object? Value,
    SettingValueSource Source,
    string EnvVar,
    bool IsExtra)
{
    public string Name => Definition.Name;

    public bool Redacted => Definition.IsRedacted;

    /// <summary>The value safe to show: "(redacted)" for a set sensitive value unless <paramref name="unsafeOutput"/>.</summary>
    public object? DisplayValue(bool unsafeOutput = false) =>
        Redacted && !unsafeOutput && Value is not null ? Redaction.Value : Value;
}
