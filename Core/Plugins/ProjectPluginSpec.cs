using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Core.Plugins;

/// <summary>Maps a meltano.yml plugin to what Core.Plugins needs, once for install and for runs.</summary>
public static class ProjectPluginSpec
{
    /// <summary>
    /// Type, name, executable, capabilities, <c>pip_url</c> with its <c>$VAR</c>s expanded as Meltano does
    /// (the plugin's env), and the <c>python</c> extra (plugin, its parents, then the project's top-level <c>python</c>).
    /// </summary>
    public static PluginSpec For(ProjectContext ctx, PluginDefinition plugin)
    {
        var env = ctx.ExpansionEnv(plugin);
        var strict = ctx.Settings.StrictEnvVarMode;
        var label = $"{plugin.Type.YamlKey()} '{plugin.Name}'";
        var pipUrl = plugin.EffectivePipUrl is { } raw ? EnvVarExpander.Expand(raw, env, strict, $"{label} pip_url") : null;
        var python = Python(ctx, plugin) is { } rawPython ? EnvVarExpander.Expand(rawPython, env, strict, $"{label} python") : null;
        return new PluginSpec(plugin.Type.YamlKey(), plugin.Name, string.IsNullOrWhiteSpace(pipUrl) ? null : pipUrl,
            plugin.EffectiveExecutable, plugin.EffectiveCapabilities, string.IsNullOrWhiteSpace(python) ? null : python);
    }

    private static string? Python(ProjectContext ctx, PluginDefinition plugin)
    {
        for (var p = plugin; p is not null; p = p.Parent)
        {
            if (p.Extras.TryGetValue("python", out var value) && value is string s)
            {
                return s;
            }
        }
        return ctx.Project.TopLevel.TryGetValue("python", out var top) && top is string t ? t : null;
    }
}
