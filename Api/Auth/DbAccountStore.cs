using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Auth;

/// <summary><see cref="IAccountStore"/> over the users and refresh_tokens tables.</summary>
public sealed class DbAccountStore(IDbContextFactory<SystemDbContext> factory) : IAccountStore
{
    public async Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var normalized = UserRecord.NormalizeName(name);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return ToAccount(await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken));
    }

    public async Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return ToAccount(await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken));
    }

    public async Task RecordLoginAsync(long userId, DateTime at, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastLoginAt, at), cancellationToken);
    }

    public async Task<RefreshTokenEntry?> FindRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var t = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken);
        return t is null ? null : new RefreshTokenEntry(t.Id, t.UserId, t.FamilyId, t.ExpiresAt, t.RevokedAt, t.ReplacedBy);
    }

    public async Task AddRefreshTokenAsync(long userId, string tokenHash, Guid familyId, DateTime createdAt, DateTime expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.RefreshTokens.Add(new RefreshTokenRecord { UserId = userId, TokenHash = tokenHash, FamilyId = familyId, CreatedAt = createdAt, ExpiresAt = expiresAt });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> RotateRefreshTokenAsync(long oldId, long userId, string newHash, Guid familyId, DateTime now, DateTime expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The conditional update is the race guard: of two concurrent uses of one token only one revokes it.
        var revoked = await db.RefreshTokens.Where(t => t.Id == oldId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (revoked == 0)
        {
            return false;
        }
        var next = new RefreshTokenRecord { UserId = userId, TokenHash = newHash, FamilyId = familyId, CreatedAt = now, ExpiresAt = expiresAt };
        db.RefreshTokens.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.Id == oldId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ReplacedBy, next.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    public async Task RevokeAllForUserAsync(long userId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private static Account? ToAccount(UserRecord? u) =>
        u is null ? null : new Account(u.Id, u.Name, u.Role == UserRole.Admin ? "admin" : "viewer", u.Disabled, u.TokenVersion, u.PasswordHash);
}
