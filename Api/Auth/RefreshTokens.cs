using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Tapline.Api.Auth;

/// <summary>
/// Opaque refresh tokens: only a SHA-256 hash is stored. Each use rotates the token inside
/// its family; presenting a token that was already rotated or revoked is reuse (a stolen
/// copy or a replay) and revokes the whole family.
/// </summary>
public sealed class RefreshTokens(IAccountStore store, IOptions<AuthOptions> options, TimeProvider clock, ILogger<RefreshTokens> logger)
{
    public async Task<(string Token, DateTime ExpiresAt)> StartFamilyAsync(long userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (token, hash) = NewToken();
        var expires = now + options.Value.RefreshTokenLifetime;
        await store.AddRefreshTokenAsync(userId, hash, Guid.NewGuid(), now, expires, cancellationToken);
        return (token, expires);
    }

    /// <summary>Returns the account and the successor token, or null when the token must not be honoured.</summary>
    public async Task<(Account Account, string Token, DateTime ExpiresAt)?> RotateAsync(string token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = await store.FindRefreshTokenAsync(Hash(token), cancellationToken);
        if (entry is null)
        {
            return null;
        }
        if (entry.RevokedAt is not null)
        {
            await ReuseDetectedAsync(entry, now, cancellationToken);
            return null;
        }
        if (entry.ExpiresAt <= now)
        {
            return null;
        }
        var account = await store.FindByIdAsync(entry.UserId, cancellationToken);
        if (account is null || account.Disabled)
        {
            await store.RevokeFamilyAsync(entry.FamilyId, now, cancellationToken);
            return null;
        }
        var (next, hash) = NewToken();
        var expires = now + options.Value.RefreshTokenLifetime;
        if (!await store.RotateRefreshTokenAsync(entry.Id, entry.UserId, hash, entry.FamilyId, now, expires, cancellationToken))
        {
            await ReuseDetectedAsync(entry, now, cancellationToken);
            return null;
        }
        return (account, next, expires);
    }

    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        var entry = await store.FindRefreshTokenAsync(Hash(token), cancellationToken);
        if (entry is not null)
        {
            await store.RevokeFamilyAsync(entry.FamilyId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
    }

    private async Task ReuseDetectedAsync(RefreshTokenEntry entry, DateTime now, CancellationToken cancellationToken)
    {
        logger.LogWarning("Refresh token reuse for user {UserId}: revoking token family {FamilyId}", entry.UserId, entry.FamilyId);
        await store.RevokeFamilyAsync(entry.FamilyId, now, cancellationToken);
    }

    private static (string Token, string Hash) NewToken()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
