using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Audit;

/// <summary>
/// The audit log (<c>audit_log</c>): the one writer (Api pipeline behavior, sign-in, CLI verbs), the reader of the
/// admin page, and the retention prune the Scheduler runs (<c>audit.retention_days</c>).
/// </summary>
public sealed class AuditLog(SystemDbContextFactory database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        db.AuditLog.Add(new AuditRecord
        {
            At = _clock.GetUtcNow().UtcDateTime,
            Actor = Cut(entry.Actor, 256),
            Source = entry.Source,
            Action = Cut(entry.Action, 128),
            Target = entry.Target is null ? null : Cut(entry.Target, 1024),
            Before = AuditRedaction.ToJson(entry.Before),
            After = AuditRedaction.ToJson(entry.After),
            SourceIp = entry.SourceIp,
            Request = entry.Request is null ? null : Cut(entry.Request, 1024),
            Outcome = Cut(entry.Outcome, 512),
        });
        // The change already happened: the audit row must not be lost to the caller cancelling its request.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        var rows = db.AuditLog.AsNoTracking().AsQueryable();
        if (query.Actor is { Length: > 0 } actor)
        {
            rows = rows.Where(r => r.Actor == actor);
        }
        if (query.Action is { Length: > 0 } action)
        {
            rows = rows.Where(r => r.Action.StartsWith(action));
        }
        if (query.From is { } from)
        {
            rows = rows.Where(r => r.At >= from);
        }
        if (query.To is { } to)
        {
            rows = rows.Where(r => r.At < to);
        }
        if (query.Before is { } before)
        {
            rows = rows.Where(r => r.Id < before);
        }
        return await rows.OrderByDescending(r => r.Id).Take(Math.Clamp(query.Limit, 1, 500)).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes rows older than the retention; returns how many.</summary>
    public async Task<int> PruneAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        var cutoff = _clock.GetUtcNow().UtcDateTime - retention;
        await using var db = database.CreateDbContext();
        return await db.AuditLog.Where(r => r.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
