using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Tapline.Api.Auth;

/// <summary>
/// Counts failed logins per account name and per client IP inside a sliding window and locks
/// the key for <see cref="AuthOptions.Lockout"/> when a limit is reached. Locks expire on
/// their own; a success clears the account's count. Unknown account names are counted like
/// real ones, so the answer never tells whether an account exists.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Time until the account or the IP may try again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string account, string? ip)
    {
        var now = clock.GetUtcNow();
        var wait = new[] { Remaining(AccountKey(account), now), ip is null ? null : Remaining(IpKey(ip), now) }.Max();
        return wait;
    }

    public void RecordFailure(string account, string? ip)
    {
        var o = options.Value;
        Fail(AccountKey(account), o.MaxFailuresPerAccount);
        if (ip is not null)
        {
            Fail(IpKey(ip), o.MaxFailuresPerIp);
        }
    }

    public void RecordSuccess(string account) => _counters.TryRemove(AccountKey(account), out _);

    private void Fail(string key, int limit)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        _counters.AddOrUpdate(
            key,
            _ => Counter.Start(now, limit, o.Lockout),
            (_, c) => c.WindowStart + o.FailureWindow < now && (c.LockedUntil is null || c.LockedUntil < now)
                ? Counter.Start(now, limit, o.Lockout)
                : c.Add(now, limit, o.Lockout));
        Prune(now);
    }

    private TimeSpan? Remaining(string key, DateTimeOffset now) =>
        _counters.TryGetValue(key, out var c) && c.LockedUntil is { } until && until > now ? until - now : null;

    // Bounded memory under a spray of made-up names: stale counters are dropped.
    private void Prune(DateTimeOffset now)
    {
        if (_counters.Count < 10_000) return;
        var horizon = options.Value.FailureWindow + options.Value.Lockout;
        foreach (var (key, c) in _counters)
        {
            if (c.WindowStart + horizon < now) _counters.TryRemove(key, out _);
        }
    }

    private static string AccountKey(string account) => "a:" + account.Trim().ToLowerInvariant();
    private static string IpKey(string ip) => "i:" + ip;

    private sealed record Counter(DateTimeOffset WindowStart, int Failures, DateTimeOffset? LockedUntil)
    {
        public static Counter Start(DateTimeOffset now, int limit, TimeSpan lockout) =>
            new(now, 1, limit <= 1 ? now + lockout : null);

        public Counter Add(DateTimeOffset now, int limit, TimeSpan lockout)
        {
            // A locked key stays locked until it expires; failures meanwhile do not extend it.
            if (LockedUntil is { } until && until > now) return this;
            var failures = Failures + 1;
            return failures >= limit ? new Counter(now, 0, now + lockout) : this with { Failures = failures };
        }
    }
}
