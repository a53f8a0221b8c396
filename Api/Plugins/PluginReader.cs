using Tapline.Api.Errors;
using Tapline.Api.Project;
using Tapline.Core.Data.Settings;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Plugins;

/// <summary>Finds a plugin and resolves its settings in an environment, with the system-DB layer.</summary>
public sealed class PluginReader(ProjectAccess projects, PluginSettingsStore store)
{
    public async Task<(ProjectContext Context, PluginDefinition Plugin)> OpenAsync(string type, string name, string? environment, CancellationToken cancellationToken)
    {
        if (!PluginTypes.TryParse(type, out var pluginType))
        {
            throw ApiProblem.NotFound($"'{type}' is not a plugin type (extractors, loaders, mappers, utilities, transformers, orchestrators, files).");
        }
        var plain = projects.Open(environment);
        var plugin = plain.Project.FindPlugin(name, pluginType) ?? throw ApiProblem.NotFound($"There is no {pluginType.YamlKey()} plugin '{name}' in meltano.yml.");
        var db = await PreloadedSettingsDb.LoadAsync(store, plugin, cancellationToken);
        var context = projects.Open(environment, db);
        return (context, context.Project.FindPlugin(name, pluginType)!);
    }

    public async Task<PluginDetail> DetailAsync(string type, string name, string? environment, CancellationToken cancellationToken)
    {
        var (context, plugin) = await OpenAsync(type, name, environment, cancellationToken);
        ResolvedSettings resolved;
        try
        {
            resolved = context.ResolvePluginSettings(plugin);
        }
        catch (SettingsException e)
        {
            throw new ApiProblem(StatusCodes.Status409Conflict, "Setting is invalid", e.Message);
        }
        var view = PluginView.From(plugin, context.Settings.SysDirRoot);
        return new PluginDetail
        {
            Type = view.Type,
            Name = view.Name,
            Variant = view.Variant,
            PipUrl = view.PipUrl,
            Executable = view.Executable,
            InheritFrom = view.InheritFrom,
            Installed = view.Installed,
            Settings = resolved.Config.Select(SettingView.From).ToList(),
        };
    }
}
