using System.Globalization;
using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Api.Hosting;
using Tapline.Core.Users;

namespace Tapline.Api.Auth;

/// <summary>POST /auth/login: checks the password, throttles per account and source address and per address, starts a refresh token family.</summary>
public sealed record LoginCommand(string Username, string Password, string? ClientIp) : ICommand<Session>, Audit.IAuditActor
{
    // A refused sign-in is audited under the name tried (no one is signed in yet).
    string Audit.IAuditActor.AuditActor => Username;
}

public sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator()
    {
        RuleFor(c => c.Username).NotEmpty().MaximumLength(256);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(AccountRules.MaximumPasswordLength);
    }
}

public sealed class LoginHandler(
    UiSettings ui,
    IAccountStore accounts,
    Passwords passwords,
    LoginThrottle throttle,
    AccessTokenIssuer issuer,
    RefreshTokens refreshTokens,
    TimeProvider clock,
    ILogger<LoginHandler> logger) : ICommandHandler<LoginCommand, Session>
{
    public async ValueTask<Session> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        if (!ui.AuthenticationEnabled)
        {
            throw ApiProblem.BadRequest("Authentication is off (ui.authentication is false): there is nothing to log in to.");
        }
        if (await throttle.RetryAfterAsync(command.Username, command.ClientIp, cancellationToken) is { } wait)
        {
            throw Locked(wait);
        }

        var account = await accounts.FindByNameAsync(command.Username, cancellationToken);
        var hasher = passwords.Hasher;
        var valid = false;
        if (account is null)
        {
            hasher.VerifyNothing(command.Password);
        }
        else
        {
            valid = hasher.Verify(command.Password, account.PasswordHash) && !account.Disabled;
        }

        if (!valid || account is null)
        {
            await throttle.RecordFailureAsync(command.Username, command.ClientIp, cancellationToken);
            logger.LogWarning("Failed login for {User} from {ClientIp}", command.Username, command.ClientIp);
            if (await throttle.RetryAfterAsync(command.Username, command.ClientIp, cancellationToken) is { } lockedFor)
            {
                throw Locked(lockedFor);
            }
            throw ApiProblem.Unauthorized("Wrong user name or password (or the account is disabled).");
        }

        await throttle.RecordSuccessAsync(command.Username, command.ClientIp, cancellationToken);
        await accounts.RecordLoginAsync(account.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var (accessToken, expiresAt) = issuer.Issue(account);
        var (refreshToken, refreshExpiresAt) = await refreshTokens.StartFamilyAsync(account.Id, cancellationToken);
        logger.LogInformation("User {User} logged in from {ClientIp}", account.Name, command.ClientIp);
        return new Session(accessToken, expiresAt, new UserView(account.Name, account.Role), refreshToken, refreshExpiresAt);
    }

    private static ApiProblem Locked(TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return new ApiProblem(StatusCodes.Status429TooManyRequests, "Too many failed logins",
            string.Create(CultureInfo.InvariantCulture, $"Too many failed logins from this address; try again in {seconds} seconds."))
        {
            RetryAfterSeconds = seconds,
        };
    }
}
