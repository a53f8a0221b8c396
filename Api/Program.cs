using System.Text.Json;
using FluentValidation;
using System.Text.Json.Serialization;
using Tapline.Api.Access;
using Tapline.Api.Auth;
using Tapline.Api.Errors;
using Tapline.Api.Logs;
using Tapline.Api.Meta;
using Tapline.Api.Spa;
using Tapline.Api.Ui;
using Tapline.Api.Validation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var ui = UiSettingsReader.Read(builder.Configuration);
var listenUrls = StartupGuard.ListenUrls(builder.Configuration, ui);
var startupWarning = StartupGuard.Check(ui, listenUrls);
if (builder.Configuration["urls"] is not { Length: > 0 } && builder.Configuration["http_ports"] is not { Length: > 0 })
{
    // Meltano's ui.bind_host/ui.bind_port, unless ASP.NET's own settings (Aspire's assigned port) say otherwise.
    builder.WebHost.UseUrls(listenUrls.ToArray());
}

builder.Services.AddSingleton(ui);
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
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
builder.Services.AddTaplineProxy(ui);
builder.Services.AddTaplineAuthentication(ui, builder.Configuration);
builder.Services.AddTaplineAccess();
builder.Services.AddSingleton<LogDirectory>();
builder.Services.AddSingleton<LogFollower>();

var app = builder.Build();
if (startupWarning is not null)
{
    app.Logger.LogWarning("{Warning}", startupWarning);
}

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
var api = app.MapGroup("/api/v1");
api.MapMeta();
api.MapAuth();
api.MapLogs();
app.UseSpa();

app.Run();

public partial class Program;
