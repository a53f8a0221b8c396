using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Tapline.Api.Access;

/// <summary>Answers refused requests with problem+json saying why, instead of a bare 401/403.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems, AccessHandler access) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        // A challenge (anonymous caller) carries no failure reasons, so ask the access rules again for the why.
        var denial = policy.Requirements.OfType<AccessRequirement>()
            .Select(r => access.Decide(r.Level, context.User))
            .FirstOrDefault(d => d is not null);
        var status = denial?.Status ?? (authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden);
        var detail = denial?.Detail ?? (status == StatusCodes.Status401Unauthorized ? "Sign in first." : "Not allowed.");
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                Detail = detail,
            },
        });
    }
}
