using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/{id}/cancel: a queued run is cancelled at once, a running one is flagged and its Runner stops it.</summary>
public sealed record CancelRunCommand(long Id, string? RequestedBy) : ICommand<RunView>;

public sealed class CancelRunHandler(RunQueue queue, SystemDbContext db, ILogger<CancelRunHandler> logger) : ICommandHandler<CancelRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(CancelRunCommand command, CancellationToken cancellationToken)
    {
        var accepted = await queue.RequestCancelAsync(command.Id, cancellationToken);
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken)
            ?? throw ApiProblem.NotFound($"Run {command.Id} does not exist.");
        if (!accepted)
        {
            throw ApiProblem.Conflict($"Run {command.Id} has already ended ({RunView.Word(run.Status)}); there is nothing to cancel.");
        }
        logger.LogInformation("Cancel of run {RunId} requested by {User}", run.RunId, command.RequestedBy ?? "anonymous");
        return RunView.From(run);
    }
}
