using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tapline.Core.Data;
using Tapline.Core.Data.Users;

namespace Tapline.Api.Auth;

/// <summary>
/// Slows down failed logins per (account, source address) and per source address over all
/// accounts, never per account alone: an attacker hammering <c>admin</c> delays only its own
/// address, while admin logs in from anywhere else. Past the limit each further failure doubles
/// the refusal (<see cref="AuthOptions.FirstDelay"/> up to <see cref="AuthOptions.MaxDelay"/>).
/// The counts live in the system database (login_throttle) so every Api replica sees the same
/// ones. Unknown account names are counted like real ones, so the answer never tells whether an
/// account exists.
/// </summary>
public sealed class LoginThrottle(IDbContextFactory<SystemDbContext> factory, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>Time until this source may try this account again, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string account, string? ip, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = UserRecord.NormalizeName(account);
        var source = Source(ip);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var until = await db.LoginThrottle.AsNoTracking()
            .Where(t => t.Source == source && (t.Account == key || t.Account == LoginThrottleRecord.AnyAccount) && t.BlockedUntil > now)
            .MaxAsync(t => t.BlockedUntil, cancellationToken);
        return until is { } u ? u - now : null;
    }

    public async Task RecordFailureAsync(string account, string? ip, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var source = Source(ip);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await FailAsync(db, UserRecord.NormalizeName(account), source, o.MaxFailuresPerAccount, now, cancellationToken);
        await FailAsync(db, LoginThrottleRecord.AnyAccount, source, o.MaxFailuresPerIp, now, cancellationToken);

        // Bounded table under a spray of made-up names and addresses: quiet rows go.
        var horizon = now - o.FailureWindow;
        await db.LoginThrottle.Where(t => t.LastFailureAt < horizon && (t.BlockedUntil == null || t.BlockedUntil < horizon))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A success forgives this source's failures for this account (not its count over all accounts).</summary>
    public async Task RecordSuccessAsync(string account, string? ip, CancellationToken cancellationToken)
    {
        var key = UserRecord.NormalizeName(account);
        var source = Source(ip);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.LoginThrottle.Where(t => t.Account == key && t.Source == source).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task FailAsync(SystemDbContext db, string account, string source, int limit, DateTime now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var quietSince = now - o.FailureWindow;
        // One atomic upsert, valid on PostgreSQL and SQLite alike, so concurrent failures on
        // several replicas are all counted; a count quiet (and unblocked) for the window restarts.
        var failures = (await db.Database.SqlQuery<int>($"""
            INSERT INTO login_throttle (account, source, failures, last_failure_at, blocked_until)
            VALUES ({account}, {source}, 1, {now}, NULL)
            ON CONFLICT (account, source) DO UPDATE SET
                failures = CASE WHEN login_throttle.last_failure_at < {quietSince}
                                 AND (login_throttle.blocked_until IS NULL OR login_throttle.blocked_until < {quietSince})
                                THEN 1 ELSE login_throttle.failures + 1 END,
                last_failure_at = {now}
            RETURNING failures AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        if (failures < limit)
        {
            return;
        }
        var until = now + Delay(failures - limit, o);
        await db.LoginThrottle.Where(t => t.Account == account && t.Source == source)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.BlockedUntil, until), cancellationToken);
    }

    /// <summary>FirstDelay × 2^excess, capped at MaxDelay (the exponent is capped first, so it never overflows).</summary>
    internal static TimeSpan Delay(int excess, AuthOptions o)
    {
        var factor = Math.Pow(2, Math.Min(excess, 30));
        var ticks = Math.Min(o.FirstDelay.Ticks * factor, o.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private static string Source(string? ip) => string.IsNullOrEmpty(ip) ? "unknown" : ip;
}
