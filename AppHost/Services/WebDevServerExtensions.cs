namespace Aspire.Hosting;

/// <summary>
/// The SPA in run mode: Vite's dev server over npm (the JavaScript hosting package is not
/// available here), after an <c>npm ci</c> when <c>node_modules</c> is missing. In publish mode
/// the Api serves the built SPA from wwwroot, so there is no web resource.
/// </summary>
public static class WebDevServerExtensions
{
    public const string ResourceName = "web";

    public static IResourceBuilder<ExecutableResource> AddWebDevServer(
        this IDistributedApplicationBuilder builder, string webDirectory, IResourceBuilder<ProjectResource> api)
    {
        var web = builder.AddExecutable(ResourceName, "npm", webDirectory, "run", "dev")
            .WithHttpEndpoint(env: "PORT")
            .WithExternalHttpEndpoints()
            .WithReference(api)
            .WaitFor(api);

        if (!Directory.Exists(Path.Combine(webDirectory, "node_modules")))
        {
            var install = builder.AddExecutable($"{ResourceName}-install", "npm", webDirectory, "ci", "--no-audit", "--no-fund")
                .WithParentRelationship(web);
            web.WaitForCompletion(install);
        }
        return web;
    }
}
