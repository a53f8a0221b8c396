using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Errors;

namespace Tapline.Api.Logs;

/// <summary>/api/v1/runs/{id}/progress: per-stream records, bytes, records/s and Singer metrics, once or as a live stream.</summary>
public static class ProgressEndpoints
{
    public static RouteGroupBuilder MapProgress(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/runs/{id:long}/progress").WithTags("Runs").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("", Get);
        group.MapGet("/stream", Stream);
        return api;
    }

    private static async Task<Ok<RunProgressView>> Get(long id, RunProgressReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.ReadAsync(id, cancellationToken) ?? throw ApiProblem.NotFound($"Run {id} does not exist."));

    private static async Task<ServerSentEventsResult<RunProgressView>> Stream(long id, HttpContext context, RunProgressReader reader, CancellationToken cancellationToken)
    {
        var first = await reader.ReadAsync(id, cancellationToken) ?? throw ApiProblem.NotFound($"Run {id} does not exist.");
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(reader.FollowAsync(first, cancellationToken));
    }
}
