using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Runs;

/// <summary>GET /runs/{id}: the run plus per-stream counts, exit codes and where it ran.</summary>
public sealed record RunDetail : RunView
{
    public required IReadOnlyList<StreamView> Streams { get; init; }
    public required IReadOnlyDictionary<string, int> ExitCodes { get; init; }
    public string? Worker { get; init; }
    public DateTime? HeartbeatAt { get; init; }
    public string? LogPath { get; init; }
    public bool CancelRequested { get; init; }

    [SetsRequiredMembers]
    private RunDetail(RunView run) : base(run)
    {
        Streams = [];
        ExitCodes = new Dictionary<string, int>();
    }

    public static new RunDetail From(RunRecord r) => new(RunView.From(r))
    {
        Streams = StreamsOf(r.StreamCounts),
        ExitCodes = ExitCodesOf(r.ExitCodes),
        Worker = r.WorkerId,
        HeartbeatAt = r.HeartbeatAt,
        LogPath = r.LogPath,
        CancelRequested = r.CancelRequested,
    };

    // stream_counts is {"stream": records} or {"stream": {"records": n, "bytes": m}}; read both.
    private static List<StreamView> StreamsOf(string? json)
    {
        var result = new List<StreamView>();
        if (string.IsNullOrWhiteSpace(json)) return result;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number)
            {
                result.Add(new StreamView(p.Name, p.Value.GetInt64(), null));
            }
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                var records = p.Value.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : 0;
                long? bytes = p.Value.TryGetProperty("bytes", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt64() : null;
                result.Add(new StreamView(p.Name, records, bytes));
            }
        }
        return result;
    }

    private static Dictionary<string, int> ExitCodesOf(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
}
