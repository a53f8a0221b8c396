using Mediator;
using Tapline.Core.Data.Runs;
using Tapline.Core.Schedules;

namespace Tapline.Api.Runs;

/// <summary>POST /runs/{id}/retry: a failed, dead or stalled run again from its last saved state (<see cref="RunRequests.RetryFromState"/>).</summary>
public sealed record RetryRunCommand(long Id, string? RequestedBy) : ICommand<RunView>;

public sealed class RetryRunHandler(RunQueue queue, ILogger<RetryRunHandler> logger) : ICommandHandler<RetryRunCommand, RunView>
{
    public ValueTask<RunView> Handle(RetryRunCommand command, CancellationToken cancellationToken) =>
        RunAgain.QueueAsync(queue, logger, command.Id, command.RequestedBy,
            r => !r.Status.IsFailure() ? $"Run {r.Id} is {RunView.Word(r.Status)}; only a failed, dead or stalled run can be retried (re-run it instead)." : null, RunRequests.RetryFromState, "retry", cancellationToken);
}
