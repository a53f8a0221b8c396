namespace Tapline.Core.Audit;

/// <summary>What a writer of the audit log says; <see cref="AuditLog"/> stamps the time and redacts.</summary>
public sealed record AuditEntry(string Actor, string Source, string Action, string Outcome)
{
    public string? Target { get; init; }
    public object? Before { get; init; }
    public object? After { get; init; }
    public string? SourceIp { get; init; }
    public string? Request { get; init; }

    public const string Ok = "ok";
    public const string FromApi = "api";
    public const string FromCli = "cli";
}

/// <summary>Filters of the audit page and <c>GET /audit</c>.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, DateTime? From = null, DateTime? To = null, int Limit = 100, long? Before = null);
