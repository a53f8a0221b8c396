using System.Collections.Concurrent;
using Tapline.Api.Logs;

namespace Tapline.Api.Tests.Support;

/// <summary>Until the system database lands: runs rows as the log endpoints see them.</summary>
public sealed class InMemoryRunLogSource : IRunLogSource
{
    private readonly ConcurrentDictionary<long, RunLogInfo> _runs = new();

    public void Set(long id, string? logPath, string status) => _runs[id] = new RunLogInfo(id, logPath, status);

    public Task<RunLogInfo?> FindAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(_runs.TryGetValue(id, out var run) ? run : null);
}
