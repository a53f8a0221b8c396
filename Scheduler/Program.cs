using Tapline.Core.Data.Database;
using Tapline.Scheduler.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

SchedulerOptions options;
SystemDatabaseConnection database;
try
{
    (options, var places) = builder.Configuration.ReadSchedulerOptions();
    database = places.Database;
}
catch (Exception e) when (e is DatabaseUriException or InvalidOperationException or Tapline.Core.Settings.SettingsException)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

builder.Services.AddTaplineScheduler(options, database);
builder.Services.AddHostedService<Tapline.Scheduler.Notifications.NotifierService>();

var app = builder.Build();
app.Logger.LogInformation("Scheduler for {Project} on {Database} ({Store})", options.ProjectRoot, database.Description,
    database.Provider == DatabaseProvider.Postgres ? "clustered Quartz store on PostgreSQL" : "in-memory Quartz store, single instance");
if (await SystemDatabase.StartRefusalAsync(database, app.Services, app.Logger, app.Lifetime.ApplicationStopping) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}
app.MapDefaultEndpoints();
await app.RunAsync();
return 0;
