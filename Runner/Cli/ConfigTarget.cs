using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>What <c>tapline config NAME</c> works on: a plugin, or "meltano" for Tapline's own settings.</summary>
internal sealed class ConfigTarget(ProjectContext ctx, PluginDefinition? plugin)
{
    public ProjectContext Context => ctx;

    public PluginDefinition? Plugin => plugin;

    public string Label => plugin is null
        ? "Meltano"
        : $"{char.ToUpperInvariant(plugin.Type.YamlKey()[0])}{plugin.Type.YamlKey()[1..^1]} '{plugin.Name}'";

    public static ConfigTarget For(ProjectContext ctx, string name, string? pluginType)
    {
        if (name == ProjectSettingDefinitions.Owner && pluginType is null)
        {
            return new ConfigTarget(ctx, null);
        }
        PluginType? type = null;
        if (pluginType is not null)
        {
            type = PluginTypes.TryParse(pluginType, out var t) ? t
                : throw new ProjectException($"unknown plugin type '{pluginType}' (expected one of {string.Join(", ", PluginTypes.All.Select(x => x.YamlKey()))})");
        }
        return new ConfigTarget(ctx, ctx.FindPlugin(name, type));
    }

    public ResolvedSettings Resolve() => plugin is null ? ctx.Settings.Resolved : ctx.ResolvePluginSettings(plugin);
}
