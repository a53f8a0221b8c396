using System.Collections.Concurrent;
using System.Diagnostics;
using Tapline.Core.Data.Runs;

namespace Tapline.QueueBenchmarks;

/// <summary>A trivial pipeline: records when the worker handed it over, then succeeds at once.</summary>
internal sealed class NoopRunExecutor : IRunExecutor
{
    public ConcurrentDictionary<long, long> StartedAt { get; } = new();

    public Task<RunOutcome> ExecuteAsync(RunRecord run, RunContext context, CancellationToken cancellationToken)
    {
        StartedAt[run.Id] = Stopwatch.GetTimestamp();
        return Task.FromResult(RunOutcome.Success());
    }
}
