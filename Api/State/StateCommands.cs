using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Core.Data.State;
using Tapline.Core.Singer;

namespace Tapline.Api.State;

/// <summary>DELETE /state/{stateId}: Meltano's <c>state clear</c>.</summary>
public sealed record ClearStateCommand(string StateId, string Actor) : ICommand;

public sealed class ClearStateHandler(StateStore store, ILogger<ClearStateHandler> logger) : ICommandHandler<ClearStateCommand>
{
    public async ValueTask<Unit> Handle(ClearStateCommand command, CancellationToken cancellationToken)
    {
        if (!await store.ClearAsync(command.StateId, new StateChange(command.Actor, null), cancellationToken))
        {
            throw ApiProblem.NotFound($"No state is stored for '{command.StateId}'.");
        }
        logger.LogInformation("State {StateId} cleared through the Api by {User}", command.StateId, command.Actor);
        return Unit.Value;
    }
}

/// <summary>POST /state/{stateId}/restore: puts back a history entry (<c>historyId</c>) or the last state a run saved (<c>runId</c>).</summary>
public sealed record RestoreStateCommand(string StateId, Guid? RunId, long? HistoryId, string? Reason, string Actor) : ICommand<StateView>;

public sealed class RestoreStateValidator : AbstractValidator<RestoreStateCommand>
{
    public RestoreStateValidator()
    {
        RuleFor(c => c).Must(c => (c.RunId is { } run && run != Guid.Empty) != c.HistoryId.HasValue)
            .WithName("historyId").WithMessage("Give exactly one of historyId (an entry of GET /state/{stateId}/history) or runId (a run that saved this state).");
        RuleFor(c => c.Reason).MaximumLength(1000);
    }
}

public sealed class RestoreStateHandler(StateStore store, StateEditor editor, TimeProvider time, ILogger<RestoreStateHandler> logger)
    : ICommandHandler<RestoreStateCommand, StateView>
{
    public async ValueTask<StateView> Handle(RestoreStateCommand command, CancellationToken cancellationToken)
    {
        var entryId = command.HistoryId;
        if (command.RunId is { } runId)
        {
            entryId = (await store.GetHistoryAsync(command.StateId, cancellationToken)).FirstOrDefault(h => h.RunId == runId)?.Id
                ?? throw ApiProblem.NotFound($"Run {runId} saved no state for '{command.StateId}'; see GET /api/v1/state/{command.StateId}/history.");
        }
        var restored = await StateEdits.RunAsync(() => editor.RestoreEntryAsync(command.StateId, entryId!.Value, new StateChange(command.Actor, command.Reason), cancellationToken));
        logger.LogInformation("State {StateId} restored to history entry {EntryId} by {User}", command.StateId, entryId, command.Actor);
        return StateView.From(command.StateId, restored, time.GetUtcNow());
    }
}

/// <summary>PUT /state/{stateId}/streams/{stream}/bookmark: one stream's bookmark set to a value of its kind.</summary>
public sealed record SetBookmarkCommand(string StateId, string Stream, string? Key, string Value, string? Reason, string Actor) : ICommand<StateView>;

public sealed class SetBookmarkValidator : AbstractValidator<SetBookmarkCommand>
{
    public SetBookmarkValidator()
    {
        RuleFor(c => c.Value).NotNull().WithMessage("value (the new bookmark, as text) is required.");
        RuleFor(c => c.Reason).MaximumLength(1000);
    }
}

public sealed class SetBookmarkHandler(StateEditor editor, TimeProvider time, ILogger<SetBookmarkHandler> logger) : ICommandHandler<SetBookmarkCommand, StateView>
{
    public async ValueTask<StateView> Handle(SetBookmarkCommand command, CancellationToken cancellationToken)
    {
        var state = await StateEdits.RunAsync(() => editor.RewindAsync(command.StateId, command.Stream, command.Key, command.Value,
            new StateChange(command.Actor, command.Reason), cancellationToken));
        logger.LogInformation("Bookmark of stream {Stream} in {StateId} set by {User}", command.Stream, command.StateId, command.Actor);
        return StateView.From(command.StateId, state, time.GetUtcNow());
    }
}

/// <summary>DELETE /state/{stateId}/streams/{stream}/bookmark: one stream's bookmark removed, the others kept.</summary>
public sealed record ClearBookmarkCommand(string StateId, string Stream, string? Reason, string Actor) : ICommand<StateView>;

public sealed class ClearBookmarkHandler(StateEditor editor, TimeProvider time, ILogger<ClearBookmarkHandler> logger) : ICommandHandler<ClearBookmarkCommand, StateView>
{
    public async ValueTask<StateView> Handle(ClearBookmarkCommand command, CancellationToken cancellationToken)
    {
        var state = await StateEdits.RunAsync(() => editor.ClearStreamAsync(command.StateId, command.Stream, new StateChange(command.Actor, command.Reason), cancellationToken));
        logger.LogInformation("Bookmark of stream {Stream} in {StateId} cleared by {User}", command.Stream, command.StateId, command.Actor);
        return StateView.From(command.StateId, state, time.GetUtcNow());
    }
}

/// <summary>The editor's refusals as problems: a missing state, entry or stream is 404, a value of the wrong kind 400.</summary>
internal static class StateEdits
{
    public static async Task<StoredState> RunAsync(Func<Task<StoredState>> edit)
    {
        try
        {
            return await edit();
        }
        catch (BookmarkEditException e)
        {
            throw e.NotFound ? ApiProblem.NotFound(Sentence(e.Message)) : ApiProblem.BadRequest(Sentence(e.Message));
        }
    }

    private static string Sentence(string message) => char.ToUpperInvariant(message[0]) + message[1..] + ".";
}
