using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tapline.Core.Project;

var builder = DistributedApplication.CreateBuilder(args);
var isPublish = builder.ExecutionContext.IsPublishMode;

// Start-up decisions (which systemdb mode, initdb) happen before the app's own logging exists.
using var consoleLogs = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
var log = consoleLogs.CreateLogger("Tapline.AppHost");

// The Meltano project every service works on. In a container the project sits at /project.
var projectRootValue = builder.Configuration["Parameters:meltano-project-root"]
    ?? builder.Configuration["MELTANO_PROJECT_ROOT"]
    ?? (isPublish ? "/project" : Path.Combine("..", "demo"));
if (!isPublish)
{
    projectRootValue = Path.GetFullPath(projectRootValue, builder.AppHostDirectory);
    if (!Directory.Exists(projectRootValue))
    {
        throw new DirectoryNotFoundException(
            $"MELTANO_PROJECT_ROOT '{projectRootValue}' does not exist; point Parameters:meltano-project-root (or MELTANO_PROJECT_ROOT) at a Meltano project.");
    }
    // Every service refuses an invalid project; saying so here, before any resource starts, spares
    // the operator a wait for health checks that can never pass.
    if (ProjectLoader.Lint(projectRootValue) is { Count: > 0 } problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine(problem);
        }
        return 1;
    }
}
var projectRoot = builder.AddParameter("meltano-project-root", projectRootValue, publishValueAsDefault: true);

var replicasValue = builder.Configuration["Parameters:runner-replicas"] ?? "1";
if (!int.TryParse(replicasValue, out var runnerReplicas) || runnerReplicas < 1)
{
    throw new InvalidOperationException($"Parameters:runner-replicas='{replicasValue}' must be a whole number of at least 1.");
}
builder.AddParameter("runner-replicas", replicasValue, publishValueAsDefault: true);

var systemdb = builder.AddSystemDb(projectRootValue, log);

// No default secrets and no default account: generated once, kept in user secrets in run mode,
// and required inputs (with a generator) in the publish manifest.
var secretKey = builder.AddParameter("ui-secret-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
var passwordSalt = builder.AddParameter("ui-password-salt", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var bootstrapPassword = builder.AddParameter("tapline-bootstrap-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
const string BootstrapAdmin = "admin";

// ui.server_name and ui.session_cookie_secure, once: the Api serves under them, the Scheduler's notifications link to them.
var uiAddress = UiAddress.From(builder);

var api = builder.AddProject<Projects.Api>("api", launchProfileName: null)
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/api/v1/health")
    .WithTaplineDefaults(systemdb, projectRoot, isPublish)
    .WithEnvironment("MELTANO_UI_AUTHENTICATION", "true")
    .WithEnvironment("MELTANO_UI_SECRET_KEY", secretKey)
    .WithEnvironment("MELTANO_UI_PASSWORD_SALT", passwordSalt)
    .WithEnvironment("TAPLINE_BOOTSTRAP_ADMIN", BootstrapAdmin)
    .WithEnvironment("TAPLINE_BOOTSTRAP_PASSWORD", bootstrapPassword);
uiAddress.ApplyTo(api);
// The UI links a run to its trace in this dashboard (identity's traceUrlTemplate).
if (!isPublish && builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } dashboardUrl)
{
    api.WithEnvironment("TAPLINE_TRACE_URL_TEMPLATE", $"{dashboardUrl.TrimEnd('/')}/traces/detail/{{traceId}}");
}

// Every service that opens stored plugin secrets gets the Api's ui.secret_key: it seals their Data Protection keys.
var scheduler = builder.AddProject<Projects.Scheduler>("scheduler", launchProfileName: null)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithTaplineDefaults(systemdb, projectRoot, isPublish)
    .WithEnvironment("MELTANO_UI_SECRET_KEY", secretKey);
// Its notifier sends the run links; runners send no notifications and need no UI address.
uiAddress.ApplyTo(scheduler);

builder.AddProject<Projects.Runner>("runner", launchProfileName: null)
    .WithArgs("worker")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReplicas(runnerReplicas)
    .WithTaplineDefaults(systemdb, projectRoot, isPublish)
    .WithEnvironment("MELTANO_UI_SECRET_KEY", secretKey);

if (!isPublish)
{
    IResourceBuilder<IResourceWithEndpoints> ui = api;
    var webDirectory = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "web"));
    var webEnabled = builder.Configuration.GetValue("Tapline:Web", defaultValue: true);
    if (webEnabled && File.Exists(Path.Combine(webDirectory, "package.json")))
    {
        ui = builder.AddWebDevServer(webDirectory, api);
    }
    else
    {
        log.LogInformation("web: no Vite dev server ({Reason}); the UI is the Api's URL",
            webEnabled ? $"no package.json in {webDirectory}" : "Tapline:Web=false");
    }
    builder.AnnounceLoginWhenReady(api, ui, BootstrapAdmin, bootstrapPassword, log);
}

builder.Build().Run();
return 0;
