using Tapline.Api.Hosting;

namespace Tapline.Api.Hardening;

/// <summary>
/// Headers on every response, the Api's JSON and the SPA it serves alike. The CSP fits the built
/// SPA (one module script and one stylesheet from /assets, a <c>data:</c> favicon, fetch to the
/// same origin); under the Vite dev server the page comes from Vite and only the Api's answers
/// carry these headers, which a document never renders.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, UiSettings ui) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (ui.SessionCookieSecure)
            {
                // Cookies marked Secure mean the site is served over https: browsers must keep it so.
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
