using Mediator;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/{id}/rerun: a finished run again with the same options (<see cref="RunRequests.Rerun"/>).</summary>
public sealed record RerunRunCommand(long Id, string? RequestedBy) : ICommand<RunView>;

public sealed class RerunRunHandler(RunQueue queue, ILogger<RerunRunHandler> logger) : ICommandHandler<RerunRunCommand, RunView>
{
    public ValueTask<RunView> Handle(RerunRunCommand command, CancellationToken cancellationToken) =>
        RunAgain.QueueAsync(queue, logger, command.Id, command.RequestedBy,
            r => !r.Status.HasEnded() ? $"Run {r.Id} is still {RunView.Word(r.Status)}; re-run it once it has ended." : null, RunRequests.Rerun, "re-run", cancellationToken);
}
