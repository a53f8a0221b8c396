namespace Tapline.Api.Spa;

/// <summary>
/// A content coding the built SPA carries precompressed: <c>x.js.br</c> and <c>x.js.gz</c> beside
/// <c>x.js</c>, written by the web build (web/scripts/precompress.ts), never per request.
/// </summary>
internal sealed record ContentCoding(string Name, string Suffix)
{
    public static readonly ContentCoding Brotli = new("br", ".br");
    public static readonly ContentCoding Gzip = new("gzip", ".gz");

    /// <summary>The server's preference when the client weighs codings alike: brotli is ~13% smaller here.</summary>
    public static readonly IReadOnlyList<ContentCoding> All = [Brotli, Gzip];

    /// <summary>
    /// The codings the request accepts (RFC 9110 §12.5.3: a listed coding's q, else <c>*</c>'s, else not
    /// acceptable), best first; ties keep <see cref="All"/>'s order.
    /// </summary>
    public static IEnumerable<ContentCoding> AcceptedBy(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        double QualityOf(string name)
        {
            var match = accepted.FirstOrDefault(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? accepted.FirstOrDefault(a => a.Value.Equals("*", StringComparison.Ordinal));
            return match is null ? 0 : match.Quality ?? 1;
        }
        return All.Select(c => (Coding: c, Quality: QualityOf(c.Name)))
            .Where(c => c.Quality > 0)
            .OrderByDescending(c => c.Quality)
            .Select(c => c.Coding);
    }
}
