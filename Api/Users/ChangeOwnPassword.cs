using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Auth;
using Tapline.Api.Errors;
using Tapline.Core.Data;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Users;

/// <summary>POST /account/password: any signed-in user, proving the current password; ends every session of the user.</summary>
public sealed record ChangeOwnPasswordCommand(string Name, string CurrentPassword, string NewPassword) : ICommand;

public sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPasswordCommand>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty();
        RuleFor(c => c.NewPassword).ValidPassword().OverridePropertyName("newPassword");
        RuleFor(c => c.NewPassword).NotEqual(c => c.CurrentPassword).WithMessage("newPassword must differ from currentPassword.");
    }
}

public sealed class ChangeOwnPasswordHandler(
    SystemDbContext db, Passwords passwords, IAccountStore accounts, AccountCache cache, TimeProvider clock, ILogger<ChangeOwnPasswordHandler> logger)
    : ICommandHandler<ChangeOwnPasswordCommand>
{
    public async ValueTask<Unit> Handle(ChangeOwnPasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedName == UserRecord.NormalizeName(command.Name), cancellationToken)
            ?? throw ApiProblem.Unauthorized("Your account no longer exists.");
        if (!passwords.Hasher.Verify(command.CurrentPassword, user.PasswordHash))
        {
            throw ApiProblem.Forbidden("currentPassword is wrong.");
        }
        user.PasswordHash = passwords.Hasher.Hash(command.NewPassword);
        user.TokenVersion++;
        await db.SaveChangesAsync(cancellationToken);
        await accounts.RevokeAllForUserAsync(user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        cache.Evict(user.Id);
        logger.LogInformation("User {User} changed their password", user.Name);
        return Unit.Value;
    }
}
