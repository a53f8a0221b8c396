namespace Tapline.Api.Auth;

/// <summary>The users and refresh_tokens tables as authentication uses them.</summary>
public interface IAccountStore
{
    Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken);
    Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken);
    Task RecordLoginAsync(long userId, DateTime at, CancellationToken cancellationToken);
    Task<RefreshTokenEntry?> FindRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken);
    Task AddRefreshTokenAsync(long userId, string tokenHash, Guid familyId, DateTime createdAt, DateTime expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Revokes <paramref name="oldId"/> and stores its successor, atomically: returns false when
    /// the old token was revoked meanwhile (a concurrent use of the same token).
    /// </summary>
    Task<bool> RotateRefreshTokenAsync(long oldId, long userId, string newHash, Guid familyId, DateTime now, DateTime expiresAt, CancellationToken cancellationToken);
    Task RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken cancellationToken);
    Task RevokeAllForUserAsync(long userId, DateTime now, CancellationToken cancellationToken);
}
