using Microsoft.Extensions.Caching.Memory;
using Tapline.Core.Data.Database;

namespace Tapline.Api.Runs;

/// <summary>
/// The <c>total</c> of GET /runs. COUNT(*) over the filtered runs costs 5–10 ms at 100,000 rows
/// and was nearly all of the list's CPU under load, while paging itself is under a millisecond.
/// Page 1 (where new runs appear and the UI lands) is counted afresh: by a count that started after the
/// request arrived. Requests for page 1 of one filter that arrive while such a count runs share the next
/// one, so a busy list runs at most one count per filter at a time instead of one per request. Deeper
/// pages reuse a count of the same filter at most <see cref="MaxAge"/> old (docs/api.md says so).
/// </summary>
public sealed class RunTotals(SystemDbContextFactory factory, IMemoryCache cache)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    // An idle filter's queue of fresh counts is dropped after this long, so distinct filters do not pile up.
    private static readonly TimeSpan FreshIdle = TimeSpan.FromSeconds(30);

    public Task<int> FreshAsync(RunFilter filter, CancellationToken cancellationToken)
    {
        var counts = cache.GetOrCreate(("runs-fresh", filter), entry =>
        {
            entry.SlidingExpiration = FreshIdle;
            return new FreshCounts(() => CountAndKeepAsync(filter));
        })!;
        return counts.NextAsync().WaitAsync(cancellationToken);
    }

    public async Task<int> RecentAsync(RunFilter filter, CancellationToken cancellationToken)
    {
        var key = Key(filter);
        if (!cache.TryGetValue(key, out Task<int>? count) || count is null || count.IsFaulted || count.IsCanceled)
        {
            // Not tied to one request's token: other requests may await the same count.
            count = CountAsync(filter);
            _ = cache.Set(key, count, MaxAge);
        }
        return await count.WaitAsync(cancellationToken);
    }

    private async Task<int> CountAndKeepAsync(RunFilter filter)
    {
        var total = await CountAsync(filter);
        _ = cache.Set(Key(filter), Task.FromResult(total), MaxAge);
        return total;
    }

    // Not tied to one request's token: several requests may await one count.
    private async Task<int> CountAsync(RunFilter filter)
    {
        var sql = factory.Sql;
        var (where, parameters) = filter.ToSql();
        await using var connection = await sql.OpenAsync();
        await using var count = sql.Command(connection, $"SELECT COUNT(*) FROM runs WHERE {where}", null, parameters);
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static (string, RunFilter) Key(RunFilter filter) => ("runs-total", filter);

    /// <summary>
    /// The fresh counts of one filter: a caller gets a count that starts after it called — the one about to
    /// start if one is waiting, else a new one, queued behind the count already running.
    /// </summary>
    internal sealed class FreshCounts(Func<Task<int>> count)
    {
        private readonly Lock _lock = new();
        private Task<int> _running = Task.FromResult(0);
        private Task<int>? _waiting;

        public Task<int> NextAsync()
        {
            lock (_lock)
            {
                if (_running.IsCompleted)
                {
                    _waiting = null;
                    return _running = Task.Run(count);
                }
                return _waiting ??= AfterAsync(_running);
            }
        }

        private async Task<int> AfterAsync(Task<int> previous)
        {
            // Its outcome is its own callers'; this count only waits for it to end.
            await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Task<int> mine;
            lock (_lock)
            {
                mine = Task.Run(count);
                _running = mine;
                _waiting = null;
            }
            return await mine;
        }
    }
}
