using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Tapline.Api.Auth;
using Tapline.Api.Hosting;

namespace Tapline.Api.Access;

/// <summary>
/// Decides every <see cref="AccessRequirement"/> from the ui.* settings and the caller's role:
/// authentication off lets everyone read and write (Meltano's behaviour); on, anonymous
/// callers read only with ui.anonymous_readonly, viewers read, admins read and write;
/// ui.readonly refuses every write and project_readonly every project-file write.
/// </summary>
public sealed class AccessHandler(UiSettings ui) : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        var denial = Decide(requirement.Level, context.User);
        if (denial is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AccessDenied(this, denial.Value.Status, denial.Value.Detail));
        }
        return Task.CompletedTask;
    }

    /// <summary>Null when allowed; else the status and the reason.</summary>
    public (int Status, string Detail)? Decide(string level, ClaimsPrincipal user)
    {
        var isWrite = level is Access.Write or Access.ProjectWrite or Access.SignedIn;
        if (isWrite && ui.Readonly)
        {
            return (StatusCodes.Status403Forbidden, "The UI is read-only (ui.readonly / MELTANO_UI_READONLY): nothing can be changed through it.");
        }
        if (level == Access.ProjectWrite && ui.ProjectReadonly)
        {
            return (StatusCodes.Status403Forbidden, "The project is read-only (project_readonly / MELTANO_PROJECT_READONLY): meltano.yml and .env cannot be changed through the UI. Change them in git and redeploy.");
        }

        var signedIn = user.Identity?.IsAuthenticated == true;
        if (level == Access.SignedIn)
        {
            return signedIn ? null : (StatusCodes.Status401Unauthorized, ui.AuthenticationEnabled
                ? "Sign in first."
                : "Authentication is off (ui.authentication is false): there is no account to change.");
        }
        if (!ui.AuthenticationEnabled)
        {
            return null;
        }
        if (!signedIn)
        {
            return level == Access.Read && ui.AnonymousReadonly
                ? null
                : (StatusCodes.Status401Unauthorized, "Sign in first: this needs an account (POST /api/v1/auth/login).");
        }
        var role = user.FindFirst(TokenClaims.Role)?.Value;
        if (level == Access.Read || role == Roles.Admin)
        {
            return null;
        }
        return (StatusCodes.Status403Forbidden, level == Access.Admin
            ? "Only admins manage users."
            : "Your role (viewer) can look but not change anything; ask an admin.");
    }
}
