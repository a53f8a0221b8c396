namespace Tapline.Api.Auth;

/// <summary>Body of login and refresh: never carries the refresh token (that lives only in the HttpOnly cookie).</summary>
public sealed record SessionResponse(string AccessToken, DateTime ExpiresAt, UserView User);
