using Mediator;
using Tapline.Api.Errors;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Plugins;

/// <summary>
/// POST /plugins/extractors/{name}/catalog/refresh: runs the extractor's discovery (<c>--discover</c>) the way the engine
/// prepares a run (<see cref="StandaloneInvocation"/>, as <c>tapline select --list --refresh-catalog</c>), replacing the
/// cached catalog. The one place the Api starts a plugin process: discovery only, for an admin, bounded in time.
/// </summary>
public sealed record RefreshCatalogCommand(string Extractor, string? Environment) : ICommand<CatalogView>;

public sealed class RefreshCatalogHandler(PluginReader plugins, CatalogReader catalogs, ILogger<RefreshCatalogHandler> logger)
    : ICommandHandler<RefreshCatalogCommand, CatalogView>
{
    /// <summary>Discovery of a large database can take minutes; an HTTP request should not hang for longer.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public async ValueTask<CatalogView> Handle(RefreshCatalogCommand command, CancellationToken cancellationToken)
    {
        var (context, plugin) = await plugins.OpenAsync(PluginType.Extractors.YamlKey(), command.Extractor, command.Environment, cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            var (_, invocation) = await StandaloneInvocation.PrepareAsync(context, plugin, refreshCatalog: true, limit.Token);
            await invocation.DisposeAsync();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Discovery failed", $"Discovery of '{plugin.Name}' took longer than {Limit.TotalMinutes} minutes; run `tapline select {plugin.Name} --list --refresh-catalog` on a worker.");
        }
        catch (Exception e) when (e is PluginInvocationException or PluginExecutableNotFoundException or SettingsException or ProjectException)
        {
            throw new ApiProblem(StatusCodes.Status422UnprocessableEntity, "Discovery failed", $"Discovery of '{plugin.Name}' failed: {e.Message}");
        }
        logger.LogInformation("Catalog of {Extractor} refreshed through the Api", plugin.Name);
        return await catalogs.ReadAsync(plugin.Name, command.Environment, cancellationToken);
    }
}
