using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Tapline.Api.Spa;

/// <summary>
/// How the built SPA's files go out: precompressed when the client accepts it, cached for a
/// year when the name carries a content hash, revalidated otherwise.
/// </summary>
internal static class SpaFiles
{
    /// <summary>
    /// Vite's <c>build.assetsDir</c> (web/vite.config.ts): every file Vite writes there has a content hash
    /// in its name, so a changed file is a new URL and the old one may be kept for good.
    /// </summary>
    private static readonly PathString HashedAssets = "/assets";

    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>index.html and public/ files keep their names across builds: a browser asks again each time (a 304 when unchanged).</summary>
    private const string Revalidate = "no-cache";

    /// <summary>
    /// Serves a precompressed sibling (best accepted coding first) where one exists, else the plain
    /// file; returns the plain files' options for the index.html fallback.
    /// </summary>
    public static StaticFileOptions UseSpaFiles(this IApplicationBuilder app, IFileProvider webRoot)
    {
        app.Use(next =>
        {
            var branches = ContentCoding.All.ToDictionary(c => c, c =>
            {
                var branch = app.New();
                branch.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = new CodedFileProvider(webRoot, c),
                    OnPrepareResponse = file =>
                    {
                        var headers = file.Context.Response.Headers;
                        headers.ContentEncoding = c.Name;
                        headers.Vary = HeaderNames.AcceptEncoding;
                        SetCacheControl(file.Context);
                    },
                });
                branch.Run(next);
                return branch.Build();
            });
            return context => CodingFor(context.Request, webRoot) is { } coding ? branches[coding](context) : next(context);
        });

        var plain = new StaticFileOptions
        {
            FileProvider = webRoot,
            OnPrepareResponse = file =>
            {
                if (HasCodedSibling(webRoot, file.Context.Request.Path))
                {
                    // A cache between us and this client must not hand these plain bytes to one that accepts br, nor the reverse.
                    file.Context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
                }
                SetCacheControl(file.Context);
            },
        };
        app.UseStaticFiles(plain);
        return plain;
    }

    private static ContentCoding? CodingFor(HttpRequest request, IFileProvider webRoot)
    {
        // A byte range means the same bytes to every client: ranges are of the plain file.
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Headers.Range.Count > 0
            || !Path.HasExtension(request.Path.Value)
            || request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return null;
        }
        var path = request.Path.Value!;
        return ContentCoding.AcceptedBy(request).FirstOrDefault(c => webRoot.GetFileInfo(path + c.Suffix).Exists);
    }

    private static bool HasCodedSibling(IFileProvider webRoot, PathString path) =>
        path.HasValue && ContentCoding.All.Any(c => webRoot.GetFileInfo(path.Value + c.Suffix).Exists);

    private static void SetCacheControl(HttpContext context) =>
        context.Response.Headers.CacheControl = context.Request.Path.StartsWithSegments(HashedAssets, StringComparison.Ordinal) ? Immutable : Revalidate;
}
