using Tapline.Scheduler.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddTaplineScheduler(builder.Configuration.ReadSchedulerOptions());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
