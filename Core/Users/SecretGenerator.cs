using System.Security.Cryptography;

namespace Tapline.Core.Users;

/// <summary>Fresh values for <c>ui.secret_key</c> and <c>ui.password_salt</c> (<c>tapline ui setup</c>).</summary>
public static class SecretGenerator
{
    /// <summary>64 random bytes as hex, like Meltano's <c>meltano ui setup</c> writes.</summary>
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
}
