namespace Tapline.Core.Data.Users;

/// <summary>
/// A refresh token (only its hash is stored). Rotation keeps a family: reuse of a replaced
/// token revokes the whole family.
/// </summary>
public sealed class RefreshTokenRecord
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public UserRecord? User { get; set; }
    public required string TokenHash { get; set; }
    public Guid FamilyId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>Id of the token that replaced this one on rotation.</summary>
    public long? ReplacedBy { get; set; }
}
