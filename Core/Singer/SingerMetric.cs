using System.Globalization;
using System.Text.Json;

namespace Tapline.Core.Singer;

/// <summary>
/// One <c>METRIC: {...}</c> line a Singer SDK tap or target logs on stderr, e.g.
/// <c>... | singer_sdk.metrics | METRIC: {"type":"counter","metric":"record_count","value":1100,"tags":{"stream":"orders"}}</c>.
/// Only the tags Tapline aggregates by are kept; the rest (pid, context, ...) vary per line and
/// would make the stored metrics grow with the run.
/// </summary>
public sealed record SingerMetric(string Type, string Metric, double Value, string? Stream, string? Status, int? HttpStatusCode, string? Endpoint)
{
    private const string Marker = "METRIC: ";

    /// <summary>
    /// The metric on <paramref name="line"/>, or null when the line carries none (most lines: the
    /// check is one ordinal search) or its JSON is not a metric object.
    /// </summary>
    public static SingerMetric? TryParse(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var json = line.AsSpan(at + Marker.Length).Trim();
        if (json.Length == 0 || json[0] != '{')
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json.ToString());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("metric", out var metric) || metric.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "counter";
            string? stream = null, status = null, endpoint = null;
            int? code = null;
            if (root.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
            {
                stream = Text(tags, "stream");
                status = Text(tags, "status");
                endpoint = Text(tags, "endpoint");
                code = tags.TryGetProperty("http_status_code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n
                    : int.TryParse(Text(tags, "http_status_code"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            }

            return new SingerMetric(type, metric.GetString()!, value.GetDouble(), stream, status, code, endpoint);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An HTTP request that failed: the SDK tags it <c>status: failed</c> or with a 4xx/5xx code.</summary>
    public bool IsError => string.Equals(Status, "failed", StringComparison.OrdinalIgnoreCase) || HttpStatusCode >= 400;

    private static string? Text(JsonElement tags, string name) =>
        tags.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
