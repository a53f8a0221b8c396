using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Auth;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Api.Database;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Users;

/// <summary>POST /users (admin): a new account with a hashed password.</summary>
public sealed record AddUserCommand(string Name, string Role, string Password) : ICommand<UserListItem>;

public sealed class AddUserValidator : AbstractValidator<AddUserCommand>
{
    public AddUserValidator()
    {
        RuleFor(c => c.Name).ValidUserName();
        RuleFor(c => c.Role).ValidRole();
        RuleFor(c => c.Password).ValidPassword();
    }
}

public sealed class AddUserHandler(SystemDbContext db, Passwords passwords, TimeProvider clock, ILogger<AddUserHandler> logger) : ICommandHandler<AddUserCommand, UserListItem>
{
    public async ValueTask<UserListItem> Handle(AddUserCommand command, CancellationToken cancellationToken)
    {
        var user = new UserRecord
        {
            Name = command.Name,
            Role = UserRules.ToRole(command.Role),
            PasswordHash = passwords.Hasher.Hash(command.Password),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DuplicateKey.Is(e))
        {
            throw ApiProblem.Conflict($"A user named '{command.Name}' already exists.");
        }
        logger.LogInformation("User {User} added with role {Role}", user.Name, command.Role);
        return UserListItem.From(user);
    }
}
