using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Project;
using Tapline.Core.Insight;
using Tapline.Core.Schedules;

namespace Tapline.Api.Overview;

/// <summary>/api/v1/overview (the landing page) and /api/v1/freshness (every stream's data lag, for the pipeline page).</summary>
public static class OverviewEndpoints
{
    public static RouteGroupBuilder MapOverview(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Overview").RequireAuthorization(Access.Access.Read);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/overview", Get);
        group.MapGet("/freshness", Lags);
        return api;
    }

    private static async Task<Ok<OverviewView>> Get(ProjectAccess projects, OverviewReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.ReadAsync(projects.Open(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<StreamLag>>> Lags(ProjectAccess projects, OverviewReader reader, CancellationToken cancellationToken, string? schedule = null)
    {
        var context = projects.Open();
        var compiled = ProjectScheduleSpecs.Compile(context.Project, context.Environment?.Name);
        if (schedule is not null)
        {
            compiled = compiled with { Valid = [.. compiled.Valid.Where(s => s.Name == schedule)] };
        }

        var (policies, _) = FreshnessPolicy.Read(context.Project.Schedules);
        return TypedResults.Ok(await reader.LagsAsync(compiled, policies, cancellationToken));
    }
}
