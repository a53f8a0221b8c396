using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Api.Errors;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Singer;

namespace Tapline.Api.Plugins;

/// <summary>
/// Reads an extractor's cached catalog (where the engine's <see cref="PluginInvocationPreparer"/> keeps it) and applies
/// the select rules meltano.yml has now, through the engine's own <see cref="CatalogRules"/>, so the tree shows what the
/// next run would extract even after a selection edit.
/// </summary>
public sealed class CatalogReader(PluginReader plugins)
{
    public async Task<CatalogView> ReadAsync(string name, string? environment, CancellationToken cancellationToken)
    {
        var (context, plugin) = await plugins.OpenAsync(PluginType.Extractors.YamlKey(), name, environment, cancellationToken);
        var path = CatalogPath(context, plugin);
        if (!File.Exists(path))
        {
            throw ApiProblem.NotFound($"Extractor '{name}' has no discovered catalog yet: refresh the catalog, or run a pipeline with it (`tapline select {name} --list` discovers it too).");
        }
        JsonNode catalog;
        try
        {
            catalog = JsonNode.Parse(await File.ReadAllTextAsync(path, cancellationToken)) ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Catalog unreadable", $"The cached catalog of '{name}' is not valid JSON ({e.Message}); refresh the catalog.");
        }
        var extras = PipelineExecutor.CatalogExtrasOf(context.ResolvePluginSettings(plugin), new RunOptions());
        CatalogRules.Apply(catalog, extras);
        return new CatalogView(
            plugin.Name,
            [.. extras.Select],
            plugin.Select is not null,
            File.GetLastWriteTimeUtc(path),
            CatalogOutline.Of(catalog).Select(CatalogStreamView.From).ToList());
    }

    /// <summary><c>tap.properties.json</c> in the extractor's run dir under the sys dir the Api resolved.</summary>
    public static string CatalogPath(ProjectContext context, PluginDefinition plugin) =>
        Path.Combine(PluginPaths.RunDirIn(context.Settings.SysDirRoot, plugin.Name), PluginInvocationPreparer.CatalogFileName);
}
