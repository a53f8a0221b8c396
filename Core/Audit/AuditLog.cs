using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// Writes a row whose before/after may be any object, serialized by reflection (the Api's commands). Native-compiled
    /// <c>tapline</c> calls <see cref="WriteJsonAsync"/>.
    /// </summary>
    [RequiresUnreferencedCode("Serializes AuditEntry.Before/After by reflection; use WriteJsonAsync with JsonNode values.")]
    [RequiresDynamicCode("Serializes AuditEntry.Before/After by reflection; use WriteJsonAsync with JsonNode values.")]
    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        InsertAsync(entry, AuditRedaction.ToJson(entry.Before), AuditRedaction.ToJson(entry.After));

    /// <summary>
    /// Writes a row whose before/after are null or JSON the caller built (<see cref="JsonNode"/>, e.g. from
    /// <see cref="AuditRedaction.ToNode{T}"/>), redacted here; no reflection, so the CLI's path compiles natively.
    /// </summary>
    public Task WriteJsonAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        InsertAsync(entry, AuditRedaction.ToJson(Node(entry.Before, nameof(entry.Before))), AuditRedaction.ToJson(Node(entry.After, nameof(entry.After))));

    private static JsonNode? Node(object? value, string name) => value is null or JsonNode
        ? value as JsonNode
        : throw new ArgumentException($"The audit entry's {name} is a {value.GetType().Name}, not JSON: serialize it with AuditRedaction.ToNode first.", name);

    /// <summary>The one INSERT of an audit row, in the columns and formats EF's model (<see cref="AuditModel"/>) maps <see cref="AuditRecord"/> to.</summary>
    private async Task InsertAsync(AuditEntry entry, string? before, string? after)
    {
        // The change already happened: the audit row must not be lost to the caller cancelling its request.
        var sql = database.Sql;
        await using var connection = await sql.OpenAsync(CancellationToken.None);
        await using var insert = sql.Command(connection, """
            INSERT INTO audit_log (at, actor, source, action, target, request, before, after, source_ip, outcome)
            VALUES (@at, @actor, @source, @action, @target, @request, @before, @after, @source_ip, @outcome)
            """, null,
            ("at", _clock.GetUtcNow().UtcDateTime), ("actor", Cut(entry.Actor, 256)), ("source", entry.Source), ("action", Cut(entry.Action, 128)),
            ("target", entry.Target is null ? null : Cut(entry.Target, 1024)), ("request", entry.Request is null ? null : Cut(entry.Request, 1024)),
            ("before", before), ("after", after), ("source_ip", entry.SourceIp), ("outcome", Cut(entry.Outcome, 512)));
        await insert.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>The admin page's rows (EF: only the Api calls it).</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        IQueryable<AuditRecord> rows = db.AuditLog.AsNoTracking();
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

    /// <summary>Deletes rows older than the retention; returns how many (EF: only the Scheduler calls it).</summary>
    public async Task<int> PruneAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        var cutoff = _clock.GetUtcNow().UtcDateTime - retention;
        await using var db = database.CreateDbContext();
        return await db.AuditLog.Where(r => r.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
