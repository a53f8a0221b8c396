namespace Tapline.Api.Auth;

/// <summary>A stored refresh token (by hash); <see cref="RevokedAt"/> set means using it again is reuse.</summary>
public sealed record RefreshTokenEntry(long Id, long UserId, Guid FamilyId, DateTime ExpiresAt, DateTime? RevokedAt, long? ReplacedBy);
