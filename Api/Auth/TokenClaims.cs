namespace Tapline.Api.Auth;

/// <summary>Claim names of Tapline's access tokens.</summary>
public static class TokenClaims
{
    public const string Name = "sub";
    public const string UserId = "uid";
    public const string Role = "role";

    /// <summary>The user's token_version when issued; a bump (disable, password change) invalidates older tokens.</summary>
    public const string TokenVersion = "tv";
}
