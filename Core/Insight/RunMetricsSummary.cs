using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tapline.Core.Insight;

/// <summary>
/// What a run's plugins reported as Singer METRIC lines, per stream, as stored in <c>runs.metrics</c>
/// and charted on the run page. The stream key is empty for metrics without a stream tag.
/// </summary>
public sealed record RunMetricsSummary(
    [property: JsonPropertyName("streams")] IReadOnlyDictionary<string, StreamMetrics> Streams)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = Data.Runs.RunJsonContext.Default,
    };

    // Typed generated metadata: the object/options overloads are not Native AOT-safe.
    private static readonly JsonTypeInfo<RunMetricsSummary> TypeInfo = (JsonTypeInfo<RunMetricsSummary>)Json.GetTypeInfo(typeof(RunMetricsSummary));

    public string ToJson() => JsonSerializer.Serialize(this, TypeInfo);

    /// <summary>The stored text read back; null for a run without metrics or text this version cannot read.</summary>
    public static RunMetricsSummary? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, TypeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One stream's metrics: counters summed, HTTP requests as a sketch, other timers as count and sum.</summary>
/// <param name="Series">Records moved so far, sampled while the run ran: <c>[seconds since start, records]</c>.</param>
public sealed record StreamMetrics(
    [property: JsonPropertyName("counters")] IReadOnlyDictionary<string, double> Counters,
    [property: JsonPropertyName("timers")] IReadOnlyDictionary<string, TimerMetrics> Timers,
    [property: JsonPropertyName("http")] HttpMetrics? Http,
    [property: JsonPropertyName("series")] IReadOnlyList<double[]>? Series);

/// <summary>A timer metric (e.g. <c>batch_processing_time</c>): how often and how long in total, in seconds.</summary>
public sealed record TimerMetrics(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("sum")] double Sum,
    [property: JsonPropertyName("max")] double Max);

/// <summary>The SDK's <c>http_request_duration</c> timers: requests, failed ones, and duration quantiles in seconds.</summary>
public sealed record HttpMetrics(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("p50")] double? P50,
    [property: JsonPropertyName("p95")] double? P95,
    [property: JsonPropertyName("max")] double Max);
