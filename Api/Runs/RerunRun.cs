using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/{id}/rerun: a finished run again with the same options (<see cref="RunRequests.Rerun"/>).</summary>
public sealed record RerunRunCommand(long Id, string? RequestedBy) : ICommand<RunView>;

public sealed class RerunRunHandler(RunQueue queue, SystemDbContext db, ILogger<RerunRunHandler> logger) : ICommandHandler<RerunRunCommand, RunView>
{
    public async ValueTask<RunView> Handle(RerunRunCommand command, CancellationToken cancellationToken)
    {
        var original = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == command.Id, cancellationToken)
            ?? throw ApiProblem.NotFound($"Run {command.Id} does not exist.");
        if (!original.Status.HasEnded())
        {
            throw ApiProblem.Conflict($"Run {command.Id} is still {RunView.Word(original.Status)}; re-run it once it has ended.");
        }
        var queued = await queue.EnqueueAsync(RunRequests.Rerun(original, command.RequestedBy), cancellationToken);
        logger.LogInformation("Run {RunId} queued as a re-run of run {Original} by {User}", queued.Run.RunId, original.Id, command.RequestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }
}
