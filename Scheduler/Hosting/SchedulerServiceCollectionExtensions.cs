using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Tapline.Core.Data.Database;
using Tapline.Core.Places;
using Tapline.Scheduler.Firing;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Status;
using Tapline.Scheduler.Triggers;
using Tapline.Scheduler.Watching;

namespace Tapline.Scheduler.Hosting;

/// <summary>
/// Wires the Scheduler: the system database, Quartz (clustered ADO.NET store on PostgreSQL, RAM store
/// on SQLite), the fire job, the meltano.yml watcher and the run policy sweeper. The caller migrates
/// the system database (<see cref="SystemDatabase.MigrateAsync"/>) before the host starts: the
/// PostgreSQL migrations create the qrtz_* tables Quartz needs.
/// </summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// The Scheduler's options, with the project, environment and system database resolved by Core's
    /// <see cref="ProjectPlaces"/> exactly as the Api and the Runner resolve them (env, .env, meltano.yml,
    /// <c>MELTANO_SYS_DIR_ROOT</c>); <c>scheduler:project_root</c> / <c>scheduler:environment</c> override.
    /// </summary>
    public static (SchedulerOptions Options, ProjectPlaces Places) ReadSchedulerOptions(this IConfiguration configuration)
    {
        var options = new SchedulerOptions();
        configuration.GetSection("scheduler").Bind(options);
        var env = ProjectPlaces.ServiceEnv(configuration.AsEnumerable());
        var connectionString = configuration.GetConnectionString(ProjectPlaces.SystemDbConnectionName);
        var cwd = configuration["scheduler:project_root"];
        var environment = configuration["scheduler:environment"];
        ProjectPlaces Resolve() => ProjectPlaces.Resolve(env, connectionString, cwd, environment);
        var places = Resolve();
        options.ProjectRoot = places.Root;
        options.Environment = places.SelectedEnvironment;
        options.ResolvePlaces = Resolve;
        if (options.MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"scheduler:misfire_threshold must be at least 1 second (got {options.MisfireThreshold})");
        }
        return (options, places);
    }

    public static IServiceCollection AddTaplineScheduler(this IServiceCollection services, SchedulerOptions options, SystemDatabaseConnection database)
    {
        services.AddSystemDatabase(database).AddSystemDbContext();
        services.AddSingleton(options);
        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton<ScheduleReconciler>();
        services.AddSingleton<BulkTriggerWriter>();
        services.AddSingleton<IScheduleSource, MeltanoProjectScheduleSource>();
        services.AddSingleton<IRunEnqueuer, QueueRunEnqueuer>();
        services.AddSingleton<IScheduleStatusStore, SystemDbScheduleStatusStore>();
        services.AddTransient<ScheduleFireJob>();

        var clustered = database.Provider == DatabaseProvider.Postgres;
        services.AddSingleton(new QuartzStoreMode(clustered));
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.GenerateInstanceId = true;
                s.MaxBatchSize = Math.Min(options.MaxBatchSize, options.MaxConcurrency);
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            if (clustered)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseSystemTextJsonSerializer(_ => { });
                    store.UseClustering(c => c.CheckinInterval = options.CheckinInterval);
                    store.ConfigureStore(o => o.MisfireThreshold = options.MisfireThreshold);
                });
            }
            else
            {
                // SQLite means one machine: triggers live in memory and are rebuilt from meltano.yml on start.
                q.UseInMemoryStore(o => o.MisfireThreshold = options.MisfireThreshold);
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        services.AddSingleton<ProjectWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectWatcher>());
        services.AddHostedService<RunPolicySweeper>();
        services.AddHostedService<Reaping.DeadRunReaper>();
        return services;
    }
}
