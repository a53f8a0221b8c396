using System.Text.Json.Serialization;

namespace Tapline.Core.Data.Runs;

/// <summary>
/// What one stream moved in a run, as stored in <c>runs.stream_counts</c>
/// (<c>{"stream": {"records": n, "bytes": m}}</c>) and shown on the run page.
/// </summary>
public sealed record StreamTotals(
    [property: JsonPropertyName("records")] long Records,
    [property: JsonPropertyName("bytes")] long Bytes);
