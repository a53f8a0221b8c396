using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tapline.Api.Plugins;

/// <summary>/api/v1/plugins/extractors/{name}/catalog and /select: an extractor's catalog tree and its selection.</summary>
public static class CatalogEndpoints
{
    public sealed record SelectionRequest(List<string>? Select);

    public static RouteGroupBuilder MapCatalog(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/plugins/extractors/{name}").WithTags("Plugins").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/catalog", Get).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // Discovery writes only the cache under .meltano/run, not project files: an admin may, unless ui.readonly.
        group.MapPost("/catalog/refresh", Refresh).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // meltano.yml changes: Access.ProjectWrite refuses them under project_readonly (and ui.readonly) with the reason.
        group.MapPut("/select", SetSelect).RequireAuthorization(Access.Access.ProjectWrite)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Ok<CatalogView>> Get(string name, CatalogReader catalogs, CancellationToken cancellationToken, string? environment = null) =>
        TypedResults.Ok(await catalogs.ReadAsync(name, environment, cancellationToken));

    private static async Task<Ok<CatalogView>> Refresh(string name, IMediator mediator, CancellationToken cancellationToken, string? environment = null) =>
        TypedResults.Ok(await mediator.Send(new RefreshCatalogCommand(name, environment), cancellationToken));

    private static async Task<Ok<CatalogView>> SetSelect(string name, SelectionRequest body, IMediator mediator, CancellationToken cancellationToken, string? environment = null) =>
        TypedResults.Ok(await mediator.Send(new SetSelectionCommand(name, body.Select!, environment), cancellationToken));
}
