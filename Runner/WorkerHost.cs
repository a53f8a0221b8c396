using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Runs;
using Tapline.Core.Places;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Runner.Worker;

namespace Tapline.Runner;

/// <summary>The Runner's service mode (<c>tapline worker</c>): claims queued runs; serves nothing but health.</summary>
public static class WorkerHost
{
    /// <param name="args">Host arguments (<c>--runner:concurrency=4</c>, ...).</param>
    /// <param name="addExecutor">Registers the <see cref="IRunExecutor"/> that executes a run (the pipeline engine).</param>
    public static async Task<int> RunAsync(string[] args, Action<IServiceCollection>? addExecutor = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        if (!HasListenAddress(builder.Configuration))
        {
            // The worker serves only health: with no address chosen, a free loopback port, so a second
            // worker on the host does not fail on Kestrel's default :5000 (which belongs to the UI).
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        SystemDatabaseConnection connection;
        try
        {
            var places = ResolvePlaces(builder.Configuration);
            builder.Services.AddSingleton(places);
            var project = places.HasProject ? ProjectContext.Open(new ProjectOpenOptions { Cwd = places.Root, ProcessEnv = places.ProcessEnv }) : null;
            if (project is not null)
            {
                // meltano.yml / .env settings (runner.*) sit below the host's own configuration.
                builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
                {
                    InitialData = new Dictionary<string, string?>
                    {
                        ["runner:concurrency"] = project.Settings.RunnerConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["runner:stale_after"] = project.Settings.RunnerStaleAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                    },
                });
            }
            connection = places.Database;
            // Read into the connection above; the plugins this worker starts inherit its environment and must not get it.
            DataProtectionSecrets.KeepFromChildProcesses();
        }
        catch (Exception e) when (e is DatabaseUriException or ProjectException or SettingsException)
        {
            await Console.Error.WriteLineAsync($"tapline worker: {e.Message}");
            return 1;
        }

        builder.Services.AddSystemDatabase(connection);
        builder.Services.AddRunnerWorker(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<SystemDatabaseHealthCheck>("systemdb");
        addExecutor?.Invoke(builder.Services);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IRunExecutor)))
        {
            await Console.Error.WriteLineAsync("tapline worker: no pipeline engine is registered (IRunExecutor); refusing to claim runs it cannot execute.");
            return 1;
        }

        var app = builder.Build();
        if (await SystemDatabase.StartRefusalAsync(connection, app.Services, app.Logger, app.Lifetime.ApplicationStopping) is { } refusal)
        {
            await Console.Error.WriteLineAsync($"tapline worker: {refusal}");
            return 1;
        }
        app.MapDefaultEndpoints();
        await app.RunAsync();
        return 0;
    }

    /// <summary>The project, system directory and database the worker serves: Core's <see cref="ProjectPlaces"/>, as the Api and the Scheduler resolve them.</summary>
    internal static ProjectPlaces ResolvePlaces(IConfiguration configuration) =>
        ProjectPlaces.Resolve(ProjectPlaces.ServiceEnv(configuration.AsEnumerable()), configuration.GetConnectionString(ProjectPlaces.SystemDbConnectionName));

    /// <summary>True when configuration names where to listen (<c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>HTTP_PORTS</c>, Kestrel endpoints).</summary>
    internal static bool HasListenAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
