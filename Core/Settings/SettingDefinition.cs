using Tapline.Core.Project;

namespace Tapline.Core.Settings;

/// <summary>One entry of a plugin's <c>settings:</c> list (or one of Tapline's own project settings).</summary>
public sealed class SettingDefinition
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public SettingKind Kind { get; init; } = SettingKind.String;
    /// <summary>The default (<c>value:</c>).</summary>
    public object? Value { get; init; }
    /// <summary>Custom env var (<c>env:</c>) read first and set for the plugin.</summary>
    public string? Env { get; init; }
    public bool Sensitive { get; init; }
    public IReadOnlyList<SettingOption> Options { get; init; } = [];
    public string? Label { get; init; }
    public string? Description { get; init; }
    /// <summary>True for keys found in <c>config:</c> that no definition declares (Meltano's custom settings).</summary>
    public bool Custom { get; init; }
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public SourceLocation? Location { get; init; }

    /// <summary>Redacted in every output: <c>sensitive: true</c>, or a password/oauth kind.</summary>
    public bool IsRedacted => Sensitive || Kind.IsSensitive();
}

public sealed record SettingOption(string Value, string? Label);
