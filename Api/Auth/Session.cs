namespace Tapline.Api.Auth;

/// <summary>A signed-in session: the access token for the body and the refresh token for the cookie.</summary>
public sealed record Session(string AccessToken, DateTime ExpiresAt, UserView User, string RefreshToken, DateTime RefreshExpiresAt)
{
    public SessionResponse ToResponse() => new(AccessToken, ExpiresAt, User);
}
