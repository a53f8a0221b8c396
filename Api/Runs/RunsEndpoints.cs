using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Auth;

namespace Tapline.Api.Runs;

/// <summary>/api/v1/runs: history and queue of pipeline runs.</summary>
public static class RunsEndpoints
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/runs").WithTags("Runs").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("", List).ProducesValidationProblem();
        group.MapGet("/{id:long}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", Start).RequireAuthorization(Access.Access.Write).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:long}/cancel", Cancel).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/rerun", Rerun).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/retry", Retry).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/cancel", CancelMany).RequireAuthorization(Access.Access.Write).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<PageOf<RunView>>> List(
        IMediator mediator, CancellationToken cancellationToken,
        string? stateId = null, string? schedule = null, string? status = null, string? trigger = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 50) =>
        TypedResults.Ok(await mediator.Send(new ListRunsQuery(stateId, schedule, status, trigger, from, to, page, pageSize), cancellationToken));

    private static async Task<Ok<RunDetail>> Get(long id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetRunQuery(id), cancellationToken));

    /// <param name="FullRefreshStreams">Restart only these streams from scratch (their bookmarks are left out of the tap's state); the others run incrementally.</param>
    public sealed record StartRequest(string? Schedule, string? Job, IReadOnlyList<string>? FullRefreshStreams = null);

    private static async Task<Accepted<RunView>> Start(StartRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new StartRunCommand(body.Schedule, body.Job, user.FindFirst(TokenClaims.Name)?.Value, body.FullRefreshStreams), cancellationToken);
        return TypedResults.Accepted($"/api/v1/runs/{run.Id}", run);
    }

    private static async Task<Accepted<RunView>> Rerun(long id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new RerunRunCommand(id, user.FindFirst(TokenClaims.Name)?.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/runs/{run.Id}", run);
    }

    private static async Task<Accepted<RunView>> Retry(long id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new RetryRunCommand(id, user.FindFirst(TokenClaims.Name)?.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/runs/{run.Id}", run);
    }

    public sealed record CancelManyRequest(IReadOnlyList<long>? Ids);

    private static async Task<Ok<CancelRunsResult>> CancelMany(CancelManyRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new CancelRunsCommand(body.Ids ?? [], user.FindFirst(TokenClaims.Name)?.Value), cancellationToken));

    private static async Task<Accepted<RunView>> Cancel(long id, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var run = await mediator.Send(new CancelRunCommand(id, user.FindFirst(TokenClaims.Name)?.Value), cancellationToken);
        return TypedResults.Accepted($"/api/v1/runs/{run.Id}", run);
    }
}
