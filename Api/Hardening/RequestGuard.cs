using Microsoft.AspNetCore.Http.Features;
using Tapline.Api.Errors;

namespace Tapline.Api.Hardening;

/// <summary>
/// Turns malformed requests into short 400/413/415 problems before any endpoint or database sees
/// them, and answers HEAD wherever GET is.
/// </summary>
internal static class RequestGuard
{
    /// <summary>No Api body comes near this; a bigger one is refused before it is read.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Longest query string accepted; filters are names and dates.</summary>
    public const int MaxQueryLength = 8 * 1024;

    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var isApi = request.Path.StartsWithSegments("/api", StringComparison.Ordinal);
        if (request.QueryString.Value is { } query)
        {
            if (query.Length > MaxQueryLength)
            {
                throw new ApiProblem(StatusCodes.Status414UriTooLong, "URI too long", $"The query string is longer than {MaxQueryLength} characters.");
            }

            if (request.Query.Any(p => p.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) || request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                throw ApiProblem.BadRequest("The request contains a NUL character, which no name, filter or date can hold.");
            }

            if (request.Query.ContainsKey("access_token"))
            {
                // A token in a URL ends up in logs, proxies and browser history; only the header is honoured.
                throw ApiProblem.BadRequest("Access tokens are not accepted in the URL; send them in the Authorization header.");
            }
        }

        if (isApi && HasBody(request))
        {
            if (request.ContentLength > MaxBodyBytes)
            {
                throw new ApiProblem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The request body is larger than {MaxBodyBytes / 1024} KiB.");
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBodyBytes;
            }

            if (!IsJson(request.ContentType))
            {
                throw new ApiProblem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The Api accepts JSON bodies only: send Content-Type: application/json.");
            }
        }

        if (HttpMethods.IsHead(request.Method))
        {
            // Route as GET, send the headers GET would, and no body.
            request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                request.Method = HttpMethods.Head;
            }

            return;
        }

        await next(context);
    });

    private static bool HasBody(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0));

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
}
