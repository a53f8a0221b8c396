namespace Tapline.Core.Data.Users;

/// <summary>A UI account. <see cref="TokenVersion"/> is bumped to invalidate every access token of the user.</summary>
public sealed class UserRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string PasswordHash { get; set; }
    public UserRole Role { get; set; }
    public bool Disabled { get; set; }
    public int TokenVersion { get; set; }
    public int FailedLogins { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }
    public List<RefreshTokenRecord> RefreshTokens { get; set; } = [];
}
