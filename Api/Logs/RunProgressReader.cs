using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Logs;

/// <summary>
/// Reads a run's progress from its row, and follows it: a <c>progress</c> event whenever the row
/// changed (the worker publishes every few seconds), an <c>end</c> event with the final progress.
/// One primary-key read per poll per viewer; nothing is computed that the row does not hold.
/// </summary>
public sealed class RunProgressReader(IDbContextFactory<SystemDbContext> factory)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public async Task<RunProgressView?> ReadAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.Runs.AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.Id, r.Status, r.StartedAt, r.EndedAt, r.Records, r.StreamCounts, r.Metrics })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : RunProgressView.From(row.Id, row.Status, row.StartedAt, row.EndedAt, row.Records, row.StreamCounts, row.Metrics);
    }

    public async IAsyncEnumerable<SseItem<RunProgressView>> FollowAsync(RunProgressView first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var current = first;
        string? sent = null;
        while (true)
        {
            var ended = current.Status is not ("queued" or "running");
            var text = System.Text.Json.JsonSerializer.Serialize(current);
            if (ended)
            {
                yield return new SseItem<RunProgressView>(current, "end");
                yield break;
            }

            if (text != sent)
            {
                sent = text;
                yield return new SseItem<RunProgressView>(current, "progress");
            }

            await Task.Delay(Poll, cancellationToken);
            current = await ReadAsync(current.Id, cancellationToken) ?? current with { Status = nameof(RunStatus.Dead).ToLowerInvariant() };
        }
    }
}
