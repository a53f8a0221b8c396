using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Meta;

/// <summary>
/// The published SPA on the wire: the build's precompressed siblings (<c>x.js.br</c>, <c>x.js.gz</c>, written by
/// web/scripts/precompress.ts) to clients that accept them, the plain file to others; hashed assets cached for
/// good, the rest revalidated.
/// </summary>
public sealed class SpaFilesTests : IDisposable
{
    private const string Asset = "/assets/index-Bq4x2Zk9.js";
    private const string Immutable = "public, max-age=31536000, immutable";

    private readonly string _webRoot = Directory.CreateTempSubdirectory("tapline-wwwroot-").FullName;
    private readonly byte[] _plain;
    private readonly ApiHost _host;

    public SpaFilesTests()
    {
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>Tapline</title><script src=\"/early-refresh.js\"></script><div id=root></div>");
        File.WriteAllText(Path.Combine(_webRoot, "early-refresh.js"), "window.tapline = 1;");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        _plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"export const row{i} = {{ id: {i}, name: 'pipeline {i}' }};\n")));
        var file = Path.Combine(_webRoot, Asset.TrimStart('/'));
        File.WriteAllBytes(file, _plain);
        File.WriteAllBytes(file + ".br", Compress(_plain, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        File.WriteAllBytes(file + ".gz", Compress(_plain, s => new GZipStream(s, CompressionLevel.SmallestSize)));
        _host = new ApiHost(new Dictionary<string, string?> { ["webroot"] = _webRoot });
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br", ".br")]
    [InlineData("gzip", "gzip", ".gz")]
    public async Task A_client_gets_the_prebuilt_file_of_the_coding_it_accepts_which_decompresses_to_the_asset(string acceptEncoding, string coding, string suffix)
    {
        using var response = await GetAsync(Asset, acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([coding], response.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(File.ReadAllBytes(FileOf(Asset) + suffix), body);
        Assert.Equal(_plain, Decompress(body, s => coding == "br" ? new BrotliStream(s, CompressionMode.Decompress) : new GZipStream(s, CompressionMode.Decompress)));
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        // The security headers go on every representation.
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    [InlineData("deflate, zstd")]
    [InlineData("br;q=0, gzip;q=0")]
    [InlineData("*;q=0")]
    public async Task A_client_that_accepts_neither_gets_the_plain_file_marked_as_varying(string? acceptEncoding)
    {
        using var response = await GetAsync(Asset, acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(_plain, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
    }

    [Theory]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("br;q=0, *", "gzip")]
    [InlineData("gzip, br", "br")]
    [InlineData("*", "br")]
    [InlineData("GZIP;q=0.9, BR;q=0.8", "gzip")]
    public async Task The_coding_the_client_weighs_highest_wins_and_br_breaks_ties(string acceptEncoding, string expected)
    {
        using var response = await GetAsync(Asset, acceptEncoding);

        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Each_representation_has_its_own_ETag_and_revalidates_with_304()
    {
        using var client = _host.CreateClient();
        using var brotli = await GetAsync(Asset, "br");
        using var plain = await GetAsync(Asset, null);
        Assert.NotNull(brotli.Headers.ETag);
        Assert.NotNull(brotli.Content.Headers.LastModified);
        Assert.NotEqual(plain.Headers.ETag, brotli.Headers.ETag);

        using var request = new HttpRequestMessage(HttpMethod.Get, Asset);
        request.Headers.AcceptEncoding.ParseAdd("br");
        request.Headers.IfNoneMatch.Add(brotli.Headers.ETag!);
        using var revalidated = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task A_range_request_gets_plain_bytes_whatever_the_client_accepts()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Asset);
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        request.Headers.Range = new RangeHeaderValue(10, 19);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(_plain[10..20], await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    [InlineData(null)]
    public async Task Content_hashed_assets_are_cached_for_a_year_as_immutable(string? acceptEncoding)
    {
        using var response = await GetAsync(Asset, acceptEncoding);

        Assert.Equal(Immutable, response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/pipelines")]
    [InlineData("/early-refresh.js")]
    public async Task Files_whose_name_stays_across_builds_are_revalidated_on_each_use(string path)
    {
        using var response = await GetAsync(path, "gzip, deflate, br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_client_route_falls_back_to_the_plain_index_html_for_a_browser_that_accepts_br()
    {
        using var response = await GetAsync("/pipelines", "gzip, deflate, br, zstd");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(File.ReadAllText(FileOf("/index.html")), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_asset_is_404_not_a_compressed_guess()
    {
        using var response = await GetAsync("/assets/missing-Bq4x2Zk9.js", "br, gzip");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        // The test server's client neither sends Accept-Encoding nor decompresses: the bytes are those on the wire.
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private string FileOf(string path) => Path.Combine(_webRoot, path.TrimStart('/'));

    private static byte[] Compress(byte[] data, Func<Stream, Stream> coder)
    {
        using var buffer = new MemoryStream();
        using (var stream = coder(buffer))
        {
            stream.Write(data);
        }
        return buffer.ToArray();
    }

    private static byte[] Decompress(byte[] data, Func<Stream, Stream> decoder)
    {
        using var output = new MemoryStream();
        using (var stream = decoder(new MemoryStream(data)))
        {
            stream.CopyTo(output);
        }
        return output.ToArray();
    }
}
