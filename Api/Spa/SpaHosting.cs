using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Tapline.Api.Spa;

/// <summary>
/// In publish mode the built SPA sits in wwwroot and the Api serves it (one origin): static
/// files (<see cref="SpaFiles"/>: precompressed, cached by name), and index.html for client
/// routes. Unknown /api paths stay 404 problem+json.
/// </summary>
public static class SpaHosting
{
    public static WebApplication UseSpa(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootFileProvider;
        var files = webRoot.GetFileInfo("index.html").Exists ? app.UseDefaultFiles().UseSpaFiles(webRoot) : null;
        app.Map("/api/{**rest}", ApiNotFound);
        if (files is not null)
        {
            app.MapFallbackToFile("index.html", files);
        }
        return app;
    }

    private static ProblemHttpResult ApiNotFound(HttpContext context) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "Not found",
            Detail = $"No endpoint {context.Request.Method} {context.Request.Path}; see /openapi/v1.json.",
        });
}
