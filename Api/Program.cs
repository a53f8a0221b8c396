using System.Text.Json.Serialization;
using System.Text.Json;
using FluentValidation;
using Tapline.Api.Access;
using Tapline.Api.Audit;
using Tapline.Api.Auth;
using Tapline.Api.Database;
using Tapline.Api.Errors;
using Tapline.Api.Hardening;
using Tapline.Api.Logs;
using Tapline.Api.Overview;
using Tapline.Api.Meta;
using Tapline.Api.Notifications;
using Tapline.Api.Plugins;
using Tapline.Api.Project;
using Tapline.Api.Runs;
using Tapline.Api.Schedules;
using Tapline.Api.Spa;
using Tapline.Api.State;
using Tapline.Api.Hosting;
using Tapline.Api.Users;
using Tapline.Api.Validation;
using Tapline.Core.Data.Database;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Hosting's "Request starting ... ?query" lines would carry whatever a client put in a URL.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

var project = new ProjectAccess(builder.Configuration);
UiSettings ui;
IReadOnlyList<string> listenUrls;
string? startupWarning;
try
{
    ui = UiSettingsReader.Read(project);
    listenUrls = StartupGuard.ListenUrls(builder.Configuration, ui);
    startupWarning = StartupGuard.Check(ui, listenUrls);
    builder.Services.AddTaplineProxy(ui);
}
catch (UiSettingsException e)
{
    // A setting the Api cannot start with: one line naming it, for the operator; nothing was started.
    await Console.Error.WriteLineAsync($"refusing to start: {e.Message}");
    return 1;
}
if (builder.Configuration["urls"] is not { Length: > 0 } && builder.Configuration["http_ports"] is not { Length: > 0 })
{
    // Meltano's ui.bind_host/ui.bind_port, unless ASP.NET's own settings (Aspire's assigned port) say otherwise.
    builder.WebHost.UseUrls(listenUrls.ToArray());
}

builder.Services.AddSingleton(ui);
builder.Services.AddSingleton(project);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    // Audit first (outermost), so a command validation refuses is recorded too.
    options.PipelineBehaviors = [typeof(AuditBehavior<,>), typeof(ValidationBehavior<,>)];
});
// Messages name fields as the JSON body does (camelCase), so a person can match them up.
ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
    member is null ? null : char.ToLowerInvariant(member.Name[0]) + member.Name[1..];
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
builder.Services.AddTaplineAuthentication(ui, builder.Configuration);
builder.Services.AddTaplineAccess();
builder.Services.AddSingleton<LogDirectory>();
builder.Services.AddSingleton<LogFollower>();
builder.Services.AddSingleton<RunProgressReader>();
builder.Services.AddScoped<ScheduleReader>();
builder.Services.AddScoped<OverviewReader>();
builder.Services.AddScoped<PluginReader>();
builder.Services.AddScoped<CatalogReader>();
builder.Services.AddSingleton<RunTotals>();
var database = project.Places.Database;
builder.Services.AddSystemDatabase(database).AddSystemDbContext();
builder.Services.AddSingleton<IAccountStore, DbAccountStore>();
builder.Services.AddSingleton<IRunLogSource, DbRunLogSource>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton<Tapline.Core.Audit.AuditLog>();
builder.Services.AddScoped<AuditScope>();
builder.Services.AddTaplineNotifications();

var app = builder.Build();
if (startupWarning is not null)
{
    app.Logger.LogWarning("{Warning}", startupWarning);
}
if (await SystemDatabase.StartRefusalAsync(database, app.Services, app.Logger, app.Lifetime.ApplicationStopping) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
await BootstrapAdmin.EnsureAsync(app.Services, app.Configuration, app.Logger, app.Lifetime.ApplicationStopping);

app.UseForwardedHeaders();
app.UseSecurityHeaders(ui);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuard();
// Explicit, after the guard: endpoints are matched on the method the guard leaves (HEAD routed as GET).
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
var api = app.MapGroup("/api/v1");
api.MapMeta();
api.MapAuth();
api.MapLogs();
api.MapProgress();
api.MapOverview();
api.MapRuns();
api.MapState();
api.MapUsers();
api.MapSchedules();
api.MapPlugins();
api.MapAudit();
api.MapNotifications();
api.MapCatalog();
app.UseSpa();

await app.RunAsync();
return 0;

public partial class Program;
