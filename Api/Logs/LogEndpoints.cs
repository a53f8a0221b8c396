using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Access;
using Tapline.Api.Errors;

namespace Tapline.Api.Logs;

/// <summary>/api/v1/runs/{id}/log: whole file, tail, and a live stream. The path comes from the runs row only.</summary>
public static class LogEndpoints
{
    public sealed record LogTail(IReadOnlyList<string> Lines, long NextLine);

    public const int MaxTailLines = 10_000;

    public static RouteGroupBuilder MapLogs(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/runs/{id:long}/log").WithTags("Logs").RequireAuthorization(Access.Access.Read);
        group.MapGet("", Download);
        group.MapGet("/tail", Tail);
        group.MapGet("/stream", Stream);
        return api;
    }

    private static async Task<PhysicalFileHttpResult> Download(long id, IRunLogSource runs, LogDirectory directory, CancellationToken cancellationToken)
    {
        var path = await ExistingLogAsync(id, runs, directory, cancellationToken);
        return TypedResults.PhysicalFile(path, "text/plain; charset=utf-8", fileDownloadName: $"run-{id}-elt.log", enableRangeProcessing: true);
    }

    private static async Task<Ok<LogTail>> Tail(long id, IRunLogSource runs, LogDirectory directory, CancellationToken cancellationToken, int lines = 200)
    {
        if (lines is < 1 or > MaxTailLines)
        {
            throw ApiProblem.BadRequest($"lines must be between 1 and {MaxTailLines}.");
        }
        var path = await ExistingLogAsync(id, runs, directory, cancellationToken);
        var (tail, total) = await LogReader.TailAsync(path, lines, cancellationToken);
        return TypedResults.Ok(new LogTail(tail, total));
    }

    private static async Task<ServerSentEventsResult<string>> Stream(
        long id, HttpContext context, IRunLogSource runs, LogDirectory directory, LogFollower follower, CancellationToken cancellationToken, long? from = null)
    {
        var run = await runs.FindAsync(id, cancellationToken) ?? throw ApiProblem.NotFound($"Run {id} does not exist.");
        if (!string.IsNullOrWhiteSpace(run.LogPath))
        {
            // Refuse a bad path before the stream starts, while a problem+json answer is still possible.
            directory.Resolve(run);
        }
        var resumeAfter = from ?? 0;
        if (long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var lastId))
        {
            resumeAfter = lastId;
        }
        if (resumeAfter < 0)
        {
            throw ApiProblem.BadRequest("from must be a line number (0 or more).");
        }
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(follower.FollowAsync(id, resumeAfter, cancellationToken));
    }

    private static async Task<string> ExistingLogAsync(long id, IRunLogSource runs, LogDirectory directory, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(id, cancellationToken) ?? throw ApiProblem.NotFound($"Run {id} does not exist.");
        var path = directory.Resolve(run);
        return File.Exists(path) ? path : throw ApiProblem.NotFound($"Run {id} has no log file yet (status {run.Status}).");
    }
}
