using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Core.Audit;

namespace Tapline.Api.Audit;

/// <summary>GET /api/v1/audit: the audit log, newest first, filtered by actor, action (prefix) and time; admins only.</summary>
public static class AuditEndpoints
{
    public sealed record AuditView(long Id, DateTime At, string Actor, string Source, string Action, string? Target, string? Request,
        string? Before, string? After, string? SourceIp, string Outcome)
    {
        public static AuditView From(AuditRecord r) => new(r.Id, r.At, r.Actor, r.Source, r.Action, r.Target, r.Request, r.Before, r.After, r.SourceIp, r.Outcome);
    }

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Access.Access.Admin)
            .MapGet("", List)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Ok<List<AuditView>>> List(AuditLog audit, string? actor, string? action, DateTime? from, DateTime? to, int? limit, long? before,
        CancellationToken cancellationToken)
    {
        var rows = await audit.QueryAsync(new AuditQuery(actor, action, from?.ToUniversalTime(), to?.ToUniversalTime(), limit ?? 100, before), cancellationToken);
        return TypedResults.Ok(rows.Select(AuditView.From).ToList());
    }
}
