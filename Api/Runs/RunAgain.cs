using Microsoft.Extensions.Logging;
using Tapline.Api.Errors;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>
/// The shared end of Re-run and Retry: find the run, check that it may run again, queue what
/// <see cref="Core.Schedules.RunRequests"/> builds from it, and answer with the new run.
/// </summary>
internal static class RunAgain
{
    public static async ValueTask<RunView> QueueAsync(RunQueue queue, ILogger logger, long id, string? requestedBy,
        Func<RunRecord, string?> refusal, Func<RunRecord, string?, RunRequest> request, string what, CancellationToken cancellationToken)
    {
        var original = await queue.GetAsync(id, cancellationToken) ?? throw ApiProblem.NotFound($"Run {id} does not exist.");
        if (refusal(original) is { } why)
        {
            throw ApiProblem.Conflict(why);
        }
        var queued = await queue.EnqueueAsync(request(original, requestedBy), cancellationToken);
        logger.LogInformation("Run {RunId} queued as a {What} of run {Original} by {User}", queued.Run.RunId, what, original.Id, requestedBy ?? "anonymous");
        return RunView.From(queued.Run);
    }
}
