using Microsoft.Playwright;

namespace Tapline.WebBenchmarks;

/// <summary>
/// What one cold load moved over the network, as Chromium counts it: response headers plus bodies as
/// sent (compressed when the server compressed them), by kind of request.
/// </summary>
/// <param name="Bodies">Per path: the body's bytes on the wire and its Content-Encoding (null: identity).</param>
public sealed record WireBytes(long Total, IReadOnlyDictionary<string, long> ByKind, IReadOnlyDictionary<string, (long Body, string? Coding)> Bodies, string? AcceptEncoding)
{
    public static async Task<WireBytes> OfAsync(IReadOnlyList<IRequest> requests)
    {
        long total = 0;
        var byKind = new Dictionary<string, long>();
        var bodies = new Dictionary<string, (long, string?)>();
        string? acceptEncoding = null;
        foreach (var request in requests)
        {
            var sizes = await request.SizesAsync();
            var response = await request.ResponseAsync();
            var headers = response is null ? null : await response.AllHeadersAsync();
            var path = new Uri(request.Url).AbsolutePath;
            var bytes = (long)sizes.ResponseHeadersSize + sizes.ResponseBodySize;
            total += bytes;
            var kind = KindOf(path);
            byKind[kind] = byKind.GetValueOrDefault(kind) + bytes;
            bodies[path] = (sizes.ResponseBodySize, headers?.GetValueOrDefault("content-encoding"));
            if (path.StartsWith("/assets/", StringComparison.Ordinal))
            {
                acceptEncoding ??= (await request.AllHeadersAsync()).GetValueOrDefault("accept-encoding");
            }
        }
        return new WireBytes(total, byKind, bodies, acceptEncoding);
    }

    public static void Print(string what, IReadOnlyList<WireBytes> loads)
    {
        static double MedianKb(IEnumerable<long> values)
        {
            var sorted = values.Order().ToList();
            var middle = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2.0;
            return middle / 1024.0;
        }
        // Assets served from the browser's cache (a repeat visit) show no request headers.
        var accepted = loads[^1].AcceptEncoding is { } header ? $"; the browser sent Accept-Encoding: {header}" : "";
        Console.WriteLine($"bytes on the wire of {what} (response headers + bodies as sent, median of {loads.Count}{accepted}):");
        Console.WriteLine($"  total {MedianKb(loads.Select(l => l.Total)),7:F1} KB");
        foreach (var kind in loads.SelectMany(l => l.ByKind.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Console.WriteLine($"    {MedianKb(loads.Select(l => l.ByKind.GetValueOrDefault(kind))),7:F1} KB  {kind}");
        }
    }

    private static string KindOf(string path) =>
        path.StartsWith("/assets/", StringComparison.Ordinal) ? "JS+CSS (/assets)"
        : path.StartsWith("/api/", StringComparison.Ordinal) ? "Api calls"
        : "document and public files";
}
