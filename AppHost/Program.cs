var builder = DistributedApplication.CreateBuilder(args);

var projectRoot = builder.Configuration["MELTANO_PROJECT_ROOT"]
    ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "demo"));

var api = builder.AddProject<Projects.Api>("api")
    .WithEnvironment("MELTANO_PROJECT_ROOT", projectRoot)
    .WithHttpHealthCheck("/api/v1/health");

builder.AddProject<Projects.Scheduler>("scheduler")
    .WithEnvironment("MELTANO_PROJECT_ROOT", projectRoot);

builder.AddProject<Projects.Runner>("runner")
    .WithArgs("worker")
    .WithEnvironment("MELTANO_PROJECT_ROOT", projectRoot);

builder.Build().Run();
