using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tapline.Runner.Worker;

public static class RunnerWorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the run worker with <see cref="RunnerOptions"/> bound from <c>runner:*</c> and
    /// validated on start. Needs <c>AddSystemDatabase</c> and an <see cref="Core.Data.Runs.IRunExecutor"/>.
    /// </summary>
    public static IServiceCollection AddRunnerWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RunnerOptions>().Bind(configuration.GetSection(RunnerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RunnerOptions>, RunnerOptionsValidator>();
        services.TryAddSingleton(WorkerIdentity.ForThisProcess());
        services.AddHostedService<RunWorker>();
        // The host must wait out the grace period and the cancel that follows it.
        services.AddOptions<HostOptions>().Configure<IOptions<RunnerOptions>>((host, runner) =>
            host.ShutdownTimeout = runner.Value.ShutdownGrace + TimeSpan.FromSeconds(30));
        return services;
    }
}
