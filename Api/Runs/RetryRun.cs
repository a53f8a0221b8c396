using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/{id}/retry: a failed, dead or stalled run again from its last saved state (<see cref="RunRequests.RetryFromState"/>).</summary>
public sealed record RetryRunCommand(long Id, string? RequestedBy) : ICommand<RunView>;

public sealed class RetryRunHandler(RunQueue queue, SystemDbContext db, ILogger<RetryRunHandler> logger) : ICommandHandler<RetryRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(RetryRunCommand command, CancellationToken cancellationToken)
    {
        var failed = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken)
            ?? throw ApiProblem.NotFound($"Run {command.Id} does not exist.");
        if (!failed.Status.IsFailure())
        {
            throw ApiProblem.Conflict($"Run {command.Id} is {RunView.Word(failed.Status)}; only a failed, dead or stalled run can be retried (re-run it instead).");
        }
        var queued = await queue.EnqueueAsync(RunRequests.RetryFromState(failed, command.RequestedBy), cancellationToken);
        logger.LogInformation("Run {RunId} queued as a retry of run {Failed} by {User}", queued.Run.RunId, failed.Id, command.RequestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }
}
