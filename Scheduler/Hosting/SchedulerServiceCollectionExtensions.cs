using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using Tapline.Scheduler.Firing;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Status;
using Tapline.Scheduler.Triggers;
using Tapline.Scheduler.Watching;

namespace Tapline.Scheduler.Hosting;

/// <summary>Wires the Scheduler: Quartz (clustered ADO.NET store on PostgreSQL, RAM store otherwise), the fire job, the watcher.</summary>
public static class SchedulerServiceCollectionExtensions
{
    public static SchedulerOptions ReadSchedulerOptions(this IConfiguration configuration)
    {
        var options = new SchedulerOptions();
        configuration.GetSection("scheduler").Bind(options);
        if (configuration["MELTANO_PROJECT_ROOT"] is { Length: > 0 } root)
        {
            options.ProjectRoot = Path.GetFullPath(root);
        }
        options.Environment ??= configuration["MELTANO_ENVIRONMENT"] is { Length: > 0 } env ? env : null;
        options.PostgresConnectionString ??= configuration.GetConnectionString("systemdb") is { Length: > 0 } cs ? cs : null;
        if (options.MisfireThreshold < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"scheduler:misfire_threshold must be at least 1 second (got {options.MisfireThreshold})");
        }
        return options;
    }

    public static IServiceCollection AddTaplineScheduler(this IServiceCollection services, SchedulerOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ScheduleCatalog>();
        services.AddSingleton<ScheduleReconciler>();
        services.AddSingleton<IScheduleSource, MeltanoYmlScheduleSource>();
        services.AddTransient<ScheduleFireJob>();

        if (options.PostgresConnectionString is { } connectionString)
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.AddSingleton<IRunEnqueuer, PostgresRunEnqueuer>();
            services.AddSingleton<IScheduleStatusStore, PostgresScheduleStatusStore>();
            services.AddHostedService<SchemaBootstrapper>();
        }
        else
        {
            services.AddSingleton<IScheduleStatusStore, MemoryScheduleStatusStore>();
        }

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.GenerateInstanceId = true;
                s.MaxBatchSize = Math.Min(options.MaxBatchSize, options.MaxConcurrency);
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            if (options.PostgresConnectionString is { } cs)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(cs);
                    store.UseSystemTextJsonSerializer(_ => { });
                    store.UseClustering(c => c.CheckinInterval = options.CheckinInterval);
                    store.ConfigureStore(o => o.MisfireThreshold = options.MisfireThreshold);
                });
            }
            else
            {
                q.UseInMemoryStore(o => o.MisfireThreshold = options.MisfireThreshold);
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        services.AddSingleton<ProjectWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ProjectWatcher>());
        return services;
    }
}
