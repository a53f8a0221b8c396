using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
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

        SystemDatabaseConnection connection;
        try
        {
            connection = ResolveSystemDatabase(builder.Configuration);
        }
        catch (DatabaseUriException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
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
        await SystemDatabase.MigrateAsync(connection, app.Logger, app.Lifetime.ApplicationStopping);
        app.MapDefaultEndpoints();
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// <c>ConnectionStrings:systemdb</c> (Aspire) wins, then <c>MELTANO_DATABASE_URI</c> /
    /// <c>database_uri</c>, then Meltano's default under <c>MELTANO_PROJECT_ROOT</c> (or the current directory).
    /// </summary>
    internal static SystemDatabaseConnection ResolveSystemDatabase(IConfiguration configuration)
    {
        var projectRoot = configuration["MELTANO_PROJECT_ROOT"] is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();
        return SystemDatabaseConnection.Resolve(
            configuration.GetConnectionString("systemdb"),
            configuration["MELTANO_DATABASE_URI"] ?? configuration["database_uri"],
            projectRoot);
    }
}
