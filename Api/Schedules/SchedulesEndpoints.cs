using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Errors;
using Tapline.Api.Project;

namespace Tapline.Api.Schedules;

/// <summary>/api/v1/schedules and /api/v1/jobs: meltano.yml's schedules with their next fire and recent runs.</summary>
public static class SchedulesEndpoints
{
    public static RouteGroupBuilder MapSchedules(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/schedules").WithTags("Schedules").RequireAuthorization(Access.Access.Read);
        // Every handler can meet a missing or broken meltano.yml (409) and an unauthenticated caller (401).
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", List);
        group.MapGet("/interval", Interval);
        group.MapGet("/{name}", Get).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", Create).RequireAuthorization(Access.Access.ProjectWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/{name}", Update).RequireAuthorization(Access.Access.ProjectWrite)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{name}", Delete).RequireAuthorization(Access.Access.ProjectWrite)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/enable", (string name, IMediator m, ProjectAccess p, ScheduleReader r, CancellationToken ct) => SetEnabled(name, true, m, p, r, ct))
            .RequireAuthorization(Access.Access.ProjectWrite).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/disable", (string name, IMediator m, ProjectAccess p, ScheduleReader r, CancellationToken ct) => SetEnabled(name, false, m, p, r, ct))
            .RequireAuthorization(Access.Access.ProjectWrite).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGroup("/jobs").WithTags("Schedules").RequireAuthorization(Access.Access.Read).MapGet("", Jobs);
        return api;
    }

    private static async Task<Ok<List<ScheduleView>>> List(ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken)
    {
        var context = projects.Open();
        return TypedResults.Ok(await reader.ReadAsync(context, context.Project.Schedules, cancellationToken));
    }

    /// <summary>The editor's live preview: words, cron and next fire of an interval, or why it is not one.</summary>
    private static Ok<IntervalView> Interval(string? text, string? timezone, ScheduleReader reader) =>
        TypedResults.Ok(reader.Describe(text, timezone));

    private static async Task<Ok<ScheduleView>> Get(string name, ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReadOneAsync(name, projects, reader, cancellationToken));

    private static async Task<Created<ScheduleView>> Create(ScheduleBody body, IMediator mediator, ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken)
    {
        var name = await mediator.Send(new SaveScheduleCommand(null, body), cancellationToken);
        return TypedResults.Created($"/api/v1/schedules/{Uri.EscapeDataString(name)}", await ReadOneAsync(name, projects, reader, cancellationToken));
    }

    private static async Task<Ok<ScheduleView>> Update(string name, ScheduleBody body, IMediator mediator, ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken)
    {
        var saved = await mediator.Send(new SaveScheduleCommand(name, body with { Name = body.Name ?? name }), cancellationToken);
        return TypedResults.Ok(await ReadOneAsync(saved, projects, reader, cancellationToken));
    }

    private static async Task<NoContent> Delete(string name, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new ChangeScheduleCommand(name, null), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ScheduleView>> SetEnabled(string name, bool enabled, IMediator mediator, ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken)
    {
        await mediator.Send(new ChangeScheduleCommand(name, enabled), cancellationToken);
        return TypedResults.Ok(await ReadOneAsync(name, projects, reader, cancellationToken));
    }

    private static Ok<List<JobView>> Jobs(ProjectAccess projects) =>
        TypedResults.Ok(projects.Open().Project.Jobs
            .Select(j => new JobView(j.Name, j.Tasks.Select(t => t.IsList ? (object)t.Parts : t.ToString()).ToList()))
            .ToList());

    private static async Task<ScheduleView> ReadOneAsync(string name, ProjectAccess projects, ScheduleReader reader, CancellationToken cancellationToken)
    {
        var context = projects.Open();
        var schedule = context.Project.FindSchedule(name) ?? throw ApiProblem.NotFound($"There is no schedule '{name}' in meltano.yml.");
        return (await reader.ReadAsync(context, [schedule], cancellationToken)).Single();
    }
}
