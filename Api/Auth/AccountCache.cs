using Microsoft.Extensions.Caching.Memory;

namespace Tapline.Api.Auth;

/// <summary>
/// Per-request check that a token's user still exists, is enabled and has the token's
/// token_version, cached for a few seconds so a busy UI does not hit the database per call.
/// Changes made through this Api evict at once; changes from elsewhere show within the TTL.
/// </summary>
public sealed class AccountCache(IMemoryCache cache)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    public async Task<Account?> GetAsync(long userId, IAccountStore store, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(userId), out Account? account))
        {
            return account;
        }
        account = await store.FindByIdAsync(userId, cancellationToken);
        cache.Set(Key(userId), account, Ttl);
        return account;
    }

    public void Evict(long userId) => cache.Remove(Key(userId));

    private static string Key(long userId) => $"account:{userId}";
}
