using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// One plugin made ready outside a pipeline (invoke, select --list, config test): its environment and its prepared
/// invocation (config file, and for a tap the catalog with the project's select/metadata/schema applied).
/// </summary>
public sealed record PreparedPlugin(IReadOnlyDictionary<string, string> Env, PluginInvocation Invocation) : IAsyncDisposable
{
    public static async Task<PreparedPlugin> PrepareAsync(ProjectContext ctx, PluginDefinition plugin, bool refreshCatalog, CancellationToken ct)
    {
        var settings = ctx.ResolvePluginSettings(plugin);
        var env = PipelineExecutor.PluginEnvironment(ctx, plugin, settings);
        var invocation = await new PluginInvocationPreparer().PrepareAsync(
            new PluginInvocationRequest(ctx.Root, ProjectPluginSpec.For(ctx, plugin), settings.ToJson(unsafeOutput: true), env)
            {
                Extras = PipelineExecutor.CatalogExtrasOf(settings, new RunOptions()),
                RefreshCatalog = refreshCatalog,
            }, ct);
        return new PreparedPlugin(env, invocation);
    }

    public ValueTask DisposeAsync() => Invocation.DisposeAsync();
}
