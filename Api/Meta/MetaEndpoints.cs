using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Access;
using Tapline.Api.Auth;
using Tapline.Api.Hosting;
using Tapline.Api.Project;
using Tapline.Core.Project;

namespace Tapline.Api.Meta;

/// <summary>/api/v1/health, /version, /identity: open to everyone, no database.</summary>
public static class MetaEndpoints
{
    public sealed record Health(bool Healthy);
    public sealed record VersionInfo(string Version);

    public static readonly string Version = ReadVersion();

    public static RouteGroupBuilder MapMeta(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Meta").AllowAnonymous();
        // Meltano's /api/v1/health: always 200, no auth, no database call (load balancers probe it).
        group.MapGet("/health", () => TypedResults.Ok(new Health(true)));
        group.MapGet("/version", () => TypedResults.Ok(new VersionInfo(Version)));
        group.MapGet("/identity", GetIdentity);
        return api;
    }

    private static Ok<Identity> GetIdentity(ClaimsPrincipal principal, UiSettings ui, ProjectAccess projects)
    {
        UserView? user = principal.Identity?.IsAuthenticated == true
            ? new UserView(principal.FindFirst(TokenClaims.Name)?.Value ?? "", principal.FindFirst(TokenClaims.Role)?.Value ?? Roles.Viewer)
            : null;
        var mayWrite = !ui.AuthenticationEnabled || user?.Role == Roles.Admin;
        var canWrite = mayWrite && !ui.Readonly;
        return TypedResults.Ok(new Identity(
            ui.AuthenticationEnabled,
            ui.AnonymousReadonly,
            user,
            ui.Environment,
            ui.ProjectReadonly,
            ui.Readonly,
            canWrite,
            canWrite && !ui.ProjectReadonly,
            Environments(projects),
            ui.TraceUrlTemplate));
    }

    // Read per request (the file changes under the Api); a broken meltano.yml is reported by the pages that need it, not here.
    private static IReadOnlyList<string> Environments(ProjectAccess projects)
    {
        if (!projects.Exists) return [];
        try
        {
            return ProjectLoader.Load(projects.Root).Environments.Select(e => e.Name).ToList();
        }
        catch (ProjectException)
        {
            return [];
        }
    }

    private static string ReadVersion()
    {
        var informational = typeof(MetaEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus >= 0 ? informational[..plus] : informational;
    }
}
