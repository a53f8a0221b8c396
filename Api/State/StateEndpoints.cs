using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Auth;
using Tapline.Api.Errors;
using Tapline.Core.Data.State;

namespace Tapline.Api.State;

/// <summary>
/// /api/v1/state: Meltano's state backend and Tapline's state console (list, get with the streams' bookmarks, clear,
/// history, one history entry, restore, edit or clear one stream's bookmark). State ids contain ':'; clients URL-encode them.
/// Every read comes from <see cref="StateStore"/>; every write is a Mediator command through <see cref="StateEditor"/> or the store.
/// </summary>
public static class StateEndpoints
{
    public sealed record RestoreRequest(Guid? RunId, long? HistoryId, string? Reason);

    public sealed record BookmarkRequest(string? Key, string? Value, string? Reason);

    public static RouteGroupBuilder MapState(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/state").WithTags("State").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("", List);
        group.MapGet("/{stateId}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{stateId}", Clear).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{stateId}/history", History).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{stateId}/history/{historyId:long}", HistoryEntry).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{stateId}/restore", Restore).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{stateId}/streams/{stream}/bookmark", SetBookmark).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{stateId}/streams/{stream}/bookmark", ClearBookmark).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<List<StateSummary>>> List(StateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(null, cancellationToken)).Select(StateSummary.From).ToList());

    private static async Task<Ok<StateView>> Get(string stateId, StateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(stateId, cancellationToken) ?? throw ApiProblem.NotFound($"No state is stored for '{stateId}'.");
        return TypedResults.Ok(StateView.From(stateId, state, time.GetUtcNow()));
    }

    private static async Task<NoContent> Clear(string stateId, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new ClearStateCommand(stateId, Actor(user)), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<StateHistoryEntry>>> History(string stateId, StateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.GetHistoryAsync(stateId, cancellationToken)).Select(StateHistoryEntry.From).ToList());

    private static async Task<Ok<StateView>> HistoryEntry(string stateId, long historyId, StateStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var state = await store.LoadHistoryEntryAsync(stateId, historyId, cancellationToken)
            ?? throw ApiProblem.NotFound($"State '{stateId}' has no history entry {historyId}.");
        return TypedResults.Ok(StateView.From(stateId, state, time.GetUtcNow()));
    }

    private static async Task<Ok<StateView>> Restore(string stateId, RestoreRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RestoreStateCommand(stateId, body.RunId, body.HistoryId, body.Reason, Actor(user)), cancellationToken));

    private static async Task<Ok<StateView>> SetBookmark(string stateId, string stream, BookmarkRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new SetBookmarkCommand(stateId, stream, body.Key, body.Value!, body.Reason, Actor(user)), cancellationToken));

    private static async Task<Ok<StateView>> ClearBookmark(string stateId, string stream, string? reason, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ClearBookmarkCommand(stateId, stream, reason, Actor(user)), cancellationToken));

    /// <summary>Who the history names: the signed-in user (with authentication off there is none to name).</summary>
    private static string Actor(ClaimsPrincipal user) => user.FindFirst(TokenClaims.Name)?.Value ?? "anonymous";
}
