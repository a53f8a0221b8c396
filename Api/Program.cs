var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();

// Meltano's /api/v1/health: always 200, no auth, no database call.
app.MapGet("/api/v1/health", () => TypedResults.Ok(new { healthy = true }));

app.Run();

public partial class Program;
