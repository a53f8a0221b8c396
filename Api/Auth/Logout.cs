using Mediator;

namespace Tapline.Api.Auth;

/// <summary>POST /auth/logout: revokes the refresh token's family (every rotation of this session).</summary>
public sealed record LogoutCommand(string? RefreshToken) : ICommand;

public sealed class LogoutHandler(RefreshTokens refreshTokens) : ICommandHandler<LogoutCommand>
{
    public async ValueTask<Unit> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        if (command.RefreshToken is not null)
        {
            await refreshTokens.RevokeAsync(command.RefreshToken, cancellationToken);
        }
        return Unit.Value;
    }
}
