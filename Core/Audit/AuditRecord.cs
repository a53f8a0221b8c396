namespace Tapline.Core.Audit;

/// <summary>
/// One change made through the Api or the CLI, or a refused sign-in (<c>audit_log</c>). Before/after are JSON with
/// secrets redacted (<see cref="AuditRedaction"/>).
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>The user name (Api), the OS user (CLI), or the name tried at sign-in.</summary>
    public required string Actor { get; set; }
    /// <summary>api | cli.</summary>
    public required string Source { get; set; }
    /// <summary>What was done, e.g. <c>runs.start</c>, <c>schedule.set</c>, <c>auth.login_failed</c>.</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    /// <summary>The HTTP request that made the change (<c>POST /api/v1/runs</c>), or the CLI command line's verb.</summary>
    public string? Request { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? SourceIp { get; set; }
    /// <summary>ok | failed | denied | rejected, with a reason after a colon when not ok.</summary>
    public required string Outcome { get; set; }
}
