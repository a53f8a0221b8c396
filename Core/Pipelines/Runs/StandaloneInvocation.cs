using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// One plugin made ready outside a pipeline (invoke, select --list, config test, the catalog's refresh): its
/// environment and its prepared invocation (config file, and for a tap the catalog with the project's
/// select/metadata/schema applied), built exactly as a pipeline builds them.
/// </summary>
public static class StandaloneInvocation
{
    public static async Task<(IReadOnlyDictionary<string, string> Env, PluginInvocation Invocation)> PrepareAsync(
        ProjectContext ctx, PluginDefinition plugin, bool refreshCatalog, CancellationToken ct)
    {
        var settings = ctx.ResolvePluginSettings(plugin);
        var env = PipelineExecutor.PluginEnvironment(ctx, plugin, settings);
        var invocation = await new PluginInvocationPreparer().PrepareAsync(
            new PluginInvocationRequest(ctx.Root, ProjectPluginSpec.For(ctx, plugin), settings.ToJson(unsafeOutput: true), env)
            {
                Extras = PipelineExecutor.CatalogExtrasOf(settings, new RunOptions()),
                RefreshCatalog = refreshCatalog,
            }, ct);
        return (env, invocation);
    }
}
