using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>One plugin made ready outside a pipeline (invoke, select --list, config test), as <see cref="StandaloneInvocation"/> prepares it.</summary>
public sealed record PreparedPlugin(IReadOnlyDictionary<string, string> Env, PluginInvocation Invocation) : IAsyncDisposable
{
    public static async Task<PreparedPlugin> PrepareAsync(ProjectContext ctx, PluginDefinition plugin, bool refreshCatalog, CancellationToken ct)
    {
        var (env, invocation) = await StandaloneInvocation.PrepareAsync(ctx, plugin, refreshCatalog, ct);
        return new PreparedPlugin(env, invocation);
    }

    public ValueTask DisposeAsync() => Invocation.DisposeAsync();
}
