using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tapline.Core.Users;

/// <summary>
/// Password hashes for UI accounts, shared by the Api (login) and the CLI (<c>tapline user add</c>).
/// PBKDF2-HMAC-SHA512 with a random per-password salt, over the password peppered with
/// <c>ui.password_salt</c> (HMAC-SHA256 keyed by the pepper, so the pepper never sits in the
/// database next to the hash). Format: <c>pbkdf2-sha512$iterations$salt$hash</c> (base64).
/// </summary>
public sealed class PasswordHasher
{
    /// <summary>OWASP ASVS 5.0 / OWASP cheat sheet minimum for PBKDF2-HMAC-SHA512.</summary>
    public const int MinimumIterations = 210_000;

    private const string Scheme = "pbkdf2-sha512";
    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    private readonly byte[] _pepper;
    private readonly int _iterations;

    public PasswordHasher(string passwordSalt, int iterations = MinimumIterations)
    {
        if (string.IsNullOrEmpty(passwordSalt))
        {
            throw new ArgumentException("ui.password_salt (MELTANO_UI_PASSWORD_SALT) is not set; run `tapline ui setup`.", nameof(passwordSalt));
        }
        if (iterations < MinimumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 needs at least {MinimumIterations} iterations.");
        }
        _pepper = Encoding.UTF8.GetBytes(passwordSalt);
        _iterations = iterations;
    }

    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, _iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${_iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Constant-time check; a malformed stored hash never matches.</summary>
    public bool Verify(string password, string storedHash)
    {
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinimumIterations)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Derive(password, salt, iterations);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Burns the same time as a real check, so a login for an unknown user does not answer faster.</summary>
    public void VerifyNothing(string password) => Derive(password, new byte[SaltBytes], _iterations);

    private byte[] Derive(string password, byte[] salt, int iterations)
    {
        var peppered = HMACSHA256.HashData(_pepper, Encoding.UTF8.GetBytes(password));
        return Rfc2898DeriveBytes.Pbkdf2(peppered, salt, iterations, HashAlgorithmName.SHA512, HashBytes);
    }
}
