namespace Tapline.Api.Auth;

/// <summary>The signed-in user as the SPA sees it.</summary>
public sealed record UserView(string Name, string Role);
