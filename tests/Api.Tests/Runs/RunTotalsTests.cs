using Tapline.Api.Runs;

namespace Tapline.Api.Tests.Runs;

/// <summary>Page-1 totals are shared between concurrent requests, but never with a count that started before a request.</summary>
public sealed class RunTotalsTests
{
    [Fact]
    public async Task Callers_during_a_running_count_share_the_next_count_not_the_running_one()
    {
        var counts = new Counts();
        var fresh = new RunTotals.FreshCounts(counts.Start);

        var first = fresh.NextAsync();
        await counts.Started(1);
        var second = fresh.NextAsync();
        var third = fresh.NextAsync();
        counts.Finish(1, 3);

        Assert.Equal(3, await first);
        await counts.Started(2);
        Assert.False(second.IsCompleted);
        counts.Finish(2, 4);
        Assert.Equal(4, await second);
        Assert.Equal(4, await third);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public async Task A_caller_after_the_count_ended_starts_a_new_one()
    {
        var counts = new Counts();
        var fresh = new RunTotals.FreshCounts(counts.Start);

        var first = fresh.NextAsync();
        await counts.Started(1);
        counts.Finish(1, 3);
        Assert.Equal(3, await first);
        var second = fresh.NextAsync();
        await counts.Started(2);
        counts.Finish(2, 5);

        Assert.Equal(5, await second);
    }

    [Fact]
    public async Task A_failed_count_fails_its_callers_and_the_next_caller_counts_again()
    {
        var counts = new Counts();
        var fresh = new RunTotals.FreshCounts(counts.Start);

        var first = fresh.NextAsync();
        await counts.Started(1);
        counts.Fail(1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        var second = fresh.NextAsync();
        await counts.Started(2);
        counts.Finish(2, 7);

        Assert.Equal(7, await second);
    }

    /// <summary>Counts the test ends by hand; the n-th started count is number n.</summary>
    private sealed class Counts
    {
        private readonly List<TaskCompletionSource<int>> _results = [];
        private readonly List<TaskCompletionSource> _started = [.. Enumerable.Range(0, 10).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];

        public int Count
        {
            get { lock (_results) return _results.Count; }
        }

        public Task<int> Start()
        {
            var result = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            int n;
            lock (_results)
            {
                _results.Add(result);
                n = _results.Count;
            }
            _started[n - 1].SetResult();
            return result.Task;
        }

        public Task Started(int n) => _started[n - 1].Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Finish(int n, int total) => Result(n).SetResult(total);

        public void Fail(int n) => Result(n).SetException(new InvalidOperationException("the database went away"));

        private TaskCompletionSource<int> Result(int n)
        {
            lock (_results) return _results[n - 1];
        }
    }
}
