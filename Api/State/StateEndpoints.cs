using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Errors;
using Tapline.Core.Data.State;

namespace Tapline.Api.State;

/// <summary>/api/v1/state: Meltano's state backend (list, get, clear, history, restore). State ids contain ':'; clients URL-encode them.</summary>
public static class StateEndpoints
{
    public sealed record RestoreRequest(Guid? RunId);

    public static RouteGroupBuilder MapState(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/state").WithTags("State").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("", List);
        group.MapGet("/{stateId}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{stateId}", Clear).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{stateId}/history", History).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{stateId}/restore", Restore).RequireAuthorization(Access.Access.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Ok<List<StateSummary>>> List(StateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(null, cancellationToken)).Select(StateSummary.From).ToList());

    private static async Task<Ok<StateView>> Get(string stateId, StateStore store, CancellationToken cancellationToken)
    {
        var state = await store.GetAsync(stateId, cancellationToken) ?? throw ApiProblem.NotFound($"No state is stored for '{stateId}'.");
        return TypedResults.Ok(StateView.From(state));
    }

    private static async Task<NoContent> Clear(string stateId, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new ClearStateCommand(stateId), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<StateHistoryEntry>>> History(string stateId, StateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.GetHistoryAsync(stateId, cancellationToken)).Select(StateHistoryEntry.From).ToList());

    private static async Task<Ok<StateView>> Restore(string stateId, RestoreRequest body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new RestoreStateCommand(stateId, body.RunId ?? Guid.Empty), cancellationToken));
}

/// <summary>DELETE /state/{stateId}: Meltano's <c>state clear</c>.</summary>
public sealed record ClearStateCommand(string StateId) : ICommand;

public sealed class ClearStateHandler(StateStore store, ILogger<ClearStateHandler> logger) : ICommandHandler<ClearStateCommand>
{
    public async ValueTask<Unit> Handle(ClearStateCommand command, CancellationToken cancellationToken)
    {
        if (!await store.ClearAsync(command.StateId, cancellationToken))
        {
            throw ApiProblem.NotFound($"No state is stored for '{command.StateId}'.");
        }
        logger.LogInformation("State {StateId} cleared through the Api", command.StateId);
        return Unit.Value;
    }
}

/// <summary>POST /state/{stateId}/restore: puts back the state a run saved.</summary>
public sealed record RestoreStateCommand(string StateId, Guid RunId) : ICommand<StateView>;

public sealed class RestoreStateValidator : AbstractValidator<RestoreStateCommand>
{
    public RestoreStateValidator() => RuleFor(c => c.RunId).NotEmpty().WithMessage("runId (the uuid of a run that saved this state) is required.");
}

public sealed class RestoreStateHandler(StateStore store, ILogger<RestoreStateHandler> logger) : ICommandHandler<RestoreStateCommand, StateView>
{
    public async ValueTask<StateView> Handle(RestoreStateCommand command, CancellationToken cancellationToken)
    {
        var state = await store.RestoreAsync(command.StateId, command.RunId, cancellationToken)
            ?? throw ApiProblem.NotFound($"Run {command.RunId} saved no state for '{command.StateId}'; see GET /api/v1/state/{command.StateId}/history.");
        logger.LogInformation("State {StateId} restored from run {RunId}", command.StateId, command.RunId);
        return StateView.From(state);
    }
}
