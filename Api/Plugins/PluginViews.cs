using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Plugins;

/// <summary>A plugin of meltano.yml as the UI lists it.</summary>
public record PluginView
{
    public required string Type { get; init; }
    public required string Name { get; init; }
    public string? Variant { get; init; }
    public string? PipUrl { get; init; }
    public string? Executable { get; init; }
    public string? InheritFrom { get; init; }
    public bool Installed { get; init; }

    public static PluginView From(PluginDefinition p, string sysDir) => new()
    {
        Type = p.Type.YamlKey(),
        Name = p.Name,
        Variant = p.EffectiveVariant,
        // A pip_url may carry a token (git+https://user:token@host/...): every signed-in viewer sees this view.
        PipUrl = p.EffectivePipUrl is { } pipUrl ? Core.Plugins.PipUrl.Redact(pipUrl) : null,
        Executable = p.EffectiveExecutable,
        InheritFrom = p.InheritFrom,
        Installed = IsInstalled(p, sysDir),
    };

    // Installed means `tapline install` made its venv; a plugin without pip_url has nothing to install.
    private static bool IsInstalled(PluginDefinition p, string sysDir) =>
        p.EffectivePipUrl is null || Directory.Exists(PluginPaths.VenvDirIn(sysDir, p.Type.YamlKey(), p.Name));
}

/// <summary>GET /plugins/{type}/{name}: the plugin and every setting resolved in the environment.</summary>
public sealed record PluginDetail : PluginView
{
    public required IReadOnlyList<SettingView> Settings { get; init; }
}

/// <summary>
/// One resolved setting; a sensitive value is only ever "(redacted)". A value written as an environment variable
/// reference (<c>$TOKEN</c>) is shown as that reference, to every role and whatever its sensitivity
/// (<paramref name="Reference"/> true): the expanded value is the host's environment, not the project's, and is
/// not the Api's to show (docs/api.md, "Settings").
/// </summary>
public sealed record SettingView(
    string Name, string Kind, string? Label, string? Description, object? Value, string Source, bool Sensitive, bool Redacted, string EnvVar,
    bool Reference)
{
    public static SettingView From(ResolvedSetting s) => new(
        s.Name,
        s.Definition.Kind.Name(),
        s.Definition.Label,
        s.Definition.Description,
        s.Reference ?? s.DisplayValue(),
        s.Source.WireName(),
        s.Redacted,
        s.Redacted && s.Value is not null && s.Reference is null,
        s.EnvVar,
        s.Reference is not null);
}
