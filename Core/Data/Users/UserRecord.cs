namespace Tapline.Core.Data.Users;

/// <summary>A UI account. <see cref="TokenVersion"/> is bumped to invalidate every access token of the user.</summary>
public sealed class UserRecord
{
    private string _name = "";

    public long Id { get; set; }

    /// <summary>The name as typed, for display; setting it also sets <see cref="NormalizedName"/>.</summary>
    public required string Name
    {
        get => _name;
        set
        {
            _name = value;
            NormalizedName = NormalizeName(value);
        }
    }

    /// <summary>
    /// The name every lookup and the unique index use, so that <c>ADMIN</c> and <c>admin</c> are one
    /// account: set here, never by callers, so no writer can forget it.
    /// </summary>
    public string NormalizedName { get; private set; } = "";
    public required string PasswordHash { get; set; }
    public UserRole Role { get; set; }
    public bool Disabled { get; set; }
    public int TokenVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public List<RefreshTokenRecord> RefreshTokens { get; set; } = [];

    /// <summary>The one rule of name equality: trimmed, lower-cased invariantly.</summary>
    public static string NormalizeName(string name) => name.Trim().ToLowerInvariant();
}
