using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Auth;
using Tapline.Core.Data;

namespace Tapline.Api.Users;

/// <summary>/api/v1/users (admins) and /api/v1/account (the signed-in user).</summary>
public static class UsersEndpoints
{
    public sealed record AddUserRequest(string? Name, string? Role, string? Password);
    public sealed record RoleRequest(string? Role);
    public sealed record PasswordRequest(string? Password);
    public sealed record OwnPasswordRequest(string? CurrentPassword, string? NewPassword);

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Access.Access.Admin);
        users.MapGet("", List);
        users.MapPost("", Add).RequireAuthorization(Access.Access.Write);
        users.MapPut("/{name}/role", (string name, RoleRequest body, IMediator m, CancellationToken ct) =>
            Change(m, new ChangeUserCommand(name, new UserChange.Role(body.Role ?? "")), ct)).RequireAuthorization(Access.Access.Write);
        users.MapPost("/{name}/disable", (string name, IMediator m, CancellationToken ct) =>
            Change(m, new ChangeUserCommand(name, new UserChange.Disabled(true)), ct)).RequireAuthorization(Access.Access.Write);
        users.MapPost("/{name}/enable", (string name, IMediator m, CancellationToken ct) =>
            Change(m, new ChangeUserCommand(name, new UserChange.Disabled(false)), ct)).RequireAuthorization(Access.Access.Write);
        users.MapPost("/{name}/password", (string name, PasswordRequest body, IMediator m, CancellationToken ct) =>
            Change(m, new ChangeUserCommand(name, new UserChange.Password(body.Password ?? "")), ct)).RequireAuthorization(Access.Access.Write);

        api.MapGroup("/account").WithTags("Users").RequireAuthorization(Access.Access.SignedIn)
            .MapPost("/password", ChangeOwnPassword);
        return api;
    }

    private static async Task<Ok<List<UserListItem>>> List(SystemDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(cancellationToken)).Select(UserListItem.From).ToList());

    private static async Task<Created<UserListItem>> Add(AddUserRequest body, IMediator mediator, CancellationToken cancellationToken)
    {
        var user = await mediator.Send(new AddUserCommand(body.Name ?? "", body.Role ?? "", body.Password ?? ""), cancellationToken);
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(user.Name)}", user);
    }

    private static async Task<Ok<UserListItem>> Change(IMediator mediator, ChangeUserCommand command, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command, cancellationToken));

    private static async Task<NoContent> ChangeOwnPassword(OwnPasswordRequest body, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        var name = user.FindFirst(TokenClaims.Name)?.Value ?? "";
        await mediator.Send(new ChangeOwnPasswordCommand(name, body.CurrentPassword ?? "", body.NewPassword ?? ""), cancellationToken);
        return TypedResults.NoContent();
    }
}
