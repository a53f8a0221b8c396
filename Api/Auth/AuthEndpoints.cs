using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Tapline.Api.Hosting;

namespace Tapline.Api.Auth;

/// <summary>/api/v1/auth: login, refresh, logout. Open to anonymous callers by nature.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Username, string? Password);

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/login", Login);
        group.MapPost("/refresh", Refresh);
        group.MapPost("/logout", Logout);
        return api;
    }

    private static async Task<Ok<SessionResponse>> Login(LoginRequest body, HttpContext context, IMediator mediator, UiSettings ui, CancellationToken cancellationToken)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString();
        var session = await mediator.Send(new LoginCommand(body.Username ?? "", body.Password ?? "", ip), cancellationToken);
        RefreshCookie.Set(context.Response, ui, session.RefreshToken, session.RefreshExpiresAt);
        return TypedResults.Ok(session.ToResponse());
    }

    private static async Task<Ok<SessionResponse>> Refresh(HttpContext context, IMediator mediator, UiSettings ui, CancellationToken cancellationToken)
    {
        try
        {
            var session = await mediator.Send(new RefreshCommand(RefreshCookie.Read(context.Request)), cancellationToken);
            RefreshCookie.Set(context.Response, ui, session.RefreshToken, session.RefreshExpiresAt);
            return TypedResults.Ok(session.ToResponse());
        }
        catch (Errors.ApiProblem)
        {
            RefreshCookie.Clear(context.Response, ui);
            throw;
        }
    }

    private static async Task<NoContent> Logout(HttpContext context, IMediator mediator, UiSettings ui, CancellationToken cancellationToken)
    {
        await mediator.Send(new LogoutCommand(RefreshCookie.Read(context.Request)), cancellationToken);
        RefreshCookie.Clear(context.Response, ui);
        return TypedResults.NoContent();
    }
}
