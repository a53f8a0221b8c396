using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Auth;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Users;

/// <summary>What an admin changes about an account: role, disabled, or a password reset.</summary>
public abstract record UserChange
{
    public sealed record Role(string Value) : UserChange;
    public sealed record Disabled(bool Value) : UserChange;
    public sealed record Password(string Value) : UserChange;
}

/// <summary>PUT /users/{name}/role, POST /users/{name}/disable|enable|password.</summary>
public sealed record ChangeUserCommand(string Name, UserChange Change) : ICommand<UserListItem>;

public sealed class ChangeUserValidator : AbstractValidator<ChangeUserCommand>
{
    public ChangeUserValidator()
    {
        RuleFor(c => ((UserChange.Role)c.Change).Value).ValidRole().OverridePropertyName("role").When(c => c.Change is UserChange.Role);
        RuleFor(c => ((UserChange.Password)c.Change).Value).ValidPassword().OverridePropertyName("password").When(c => c.Change is UserChange.Password);
    }
}

public sealed class ChangeUserHandler(
    SystemDbContext db, Passwords passwords, IAccountStore accounts, AccountCache cache, TimeProvider clock, ILogger<ChangeUserHandler> logger)
    : ICommandHandler<ChangeUserCommand, UserListItem>
{
    public async ValueTask<UserListItem> Handle(ChangeUserCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedName == UserRecord.NormalizeName(command.Name), cancellationToken)
            ?? throw ApiProblem.NotFound($"There is no user named '{command.Name}'.");
        var signOut = false;
        switch (command.Change)
        {
            case UserChange.Role role:
                var newRole = UserRules.ToRole(role.Value);
                if (user.Role == UserRole.Admin && newRole != UserRole.Admin) await EnsureAnotherAdminAsync(user, "demote", cancellationToken);
                user.Role = newRole;
                break;
            case UserChange.Disabled { Value: true }:
                if (user.Role == UserRole.Admin) await EnsureAnotherAdminAsync(user, "disable", cancellationToken);
                user.Disabled = true;
                signOut = true;
                break;
            case UserChange.Disabled:
                user.Disabled = false;
                break;
            case UserChange.Password password:
                user.PasswordHash = passwords.Hasher.Hash(password.Value);
                signOut = true;
                break;
        }
        if (signOut)
        {
            // A bumped token_version voids every access token; revoked refresh tokens end every session.
            user.TokenVersion++;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (signOut)
        {
            await accounts.RevokeAllForUserAsync(user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        cache.Evict(user.Id);
        logger.LogInformation("User {User} changed: {Change}", user.Name, command.Change.GetType().Name.ToLowerInvariant());
        return UserListItem.From(user);
    }

    private async Task EnsureAnotherAdminAsync(UserRecord user, string verb, CancellationToken cancellationToken)
    {
        var others = await db.Users.CountAsync(u => u.Id != user.Id && u.Role == UserRole.Admin && !u.Disabled, cancellationToken);
        if (others == 0)
        {
            throw ApiProblem.Conflict($"Cannot {verb} '{user.Name}': it is the last enabled admin. Make another admin first.");
        }
    }
}
