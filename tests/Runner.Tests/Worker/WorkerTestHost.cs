using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Runner.Worker;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

/// <summary>Starts a Runner worker in-process against a real system database, as <c>tapline worker</c> would.</summary>
internal static class WorkerTestHost
{
    public static async Task<SystemDbContextFactory> MigratedDatabaseAsync(DatabaseProvider provider)
    {
        SystemDatabaseConnection connection;
        if (provider == DatabaseProvider.Postgres)
        {
            var pg = await PostgresServer.GetAsync();
            // 24+ characters: PostgresServer.CreateDatabaseAsync cuts names to prefix.Length + 48.
            connection = SystemDatabaseConnection.FromNpgsqlConnectionString(await pg.CreateDatabaseAsync("tapline_runner_worker_db_"));
        }
        else
        {
            connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", Path.Combine(Path.GetTempPath(), "tapline-worker-tests", Guid.NewGuid().ToString("N")));
        }
        return await SystemDatabase.MigrateAsync(connection);
    }

    public static IHost Build(SystemDatabaseConnection connection, IRunExecutor executor, string workerId, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["runner:concurrency"] = "4",
            ["runner:poll_interval"] = "00:00:00.200",
            ["runner:heartbeat_interval"] = "00:00:01",
            ["runner:stale_after"] = "00:05:00",
            ["runner:shutdown_grace"] = "00:00:05",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddLogging();
        builder.Services.AddSystemDatabase(connection);
        builder.Services.AddSingleton(new WorkerIdentity(workerId));
        builder.Services.AddSingleton(executor);
        builder.Services.AddRunnerWorker(builder.Configuration);
        return builder.Build();
    }

    public static async Task<IHost> StartAsync(SystemDatabaseConnection connection, IRunExecutor executor, string workerId, IDictionary<string, string?>? settings = null)
    {
        var host = Build(connection, executor, workerId, settings);
        await host.StartAsync();
        return host;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="within"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {within}: {what}");
            }
            await Task.Delay(50);
        }
    }
}
