using Mediator;
using Tapline.Api.Errors;

namespace Tapline.Api.Auth;

/// <summary>POST /auth/refresh: rotates the refresh cookie and issues a fresh access token.</summary>
public sealed record RefreshCommand(string? RefreshToken) : ICommand<Session>;

public sealed class RefreshHandler(RefreshTokens refreshTokens, AccessTokenIssuer issuer) : ICommandHandler<RefreshCommand, Session>
{
    public async ValueTask<Session> Handle(RefreshCommand command, CancellationToken cancellationToken)
    {
        if (command.RefreshToken is null
            || await refreshTokens.RotateAsync(command.RefreshToken, cancellationToken) is not { } rotated)
        {
            throw ApiProblem.Unauthorized("The session has expired or was revoked; log in again.");
        }
        var (accessToken, expiresAt) = issuer.Issue(rotated.Account);
        return new Session(accessToken, expiresAt, new UserView(rotated.Account.Name, rotated.Account.Role), rotated.Token, rotated.ExpiresAt);
    }
}
