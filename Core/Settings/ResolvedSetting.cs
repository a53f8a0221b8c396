namespace Tapline.Core.Settings;

/// <summary>
/// One setting after resolution: its typed value and the layer it came from. <see cref="Reference"/> is the value as
/// written, before $VAR expansion, when it holds a reference (<c>$TOKEN</c>, <c>postgres://${USER}@db</c>): what the
/// Api shows instead of the expanded value.
/// </summary>
public sealed record ResolvedSetting(
    SettingDefinition Definition,
    object? Value,
    SettingValueSource Source,
    string EnvVar,
    bool IsExtra,
    object? Reference = null)
{
    public string Name => Definition.Name;

    public bool Redacted => Definition.IsRedacted;

    /// <summary>The value safe to show: "(redacted)" for a set sensitive value unless <paramref name="unsafeOutput"/>.</summary>
    public object? DisplayValue(bool unsafeOutput = false) =>
        Redacted && !unsafeOutput && Value is not null ? Redaction.Value : Value;
}
