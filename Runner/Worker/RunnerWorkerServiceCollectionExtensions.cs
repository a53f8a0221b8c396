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
        // `tapline worker` registers the places it resolved at start; a host that did not resolves them once here.
        services.TryAddSingleton(_ => WorkerHost.ResolvePlaces(configuration));
        services.AddHostedService<RunWorker>();
        // The host must wait out the grace period and the cancel that follows it.
        // Read unvalidated here: bad settings must surface from ValidateOnStart with their names, not from building the host.
        services.AddOptions<HostOptions>().Configure(host =>
        {
            var runner = new RunnerOptions();
            configuration.GetSection(RunnerOptions.Section).Bind(runner);
            host.ShutdownTimeout = runner.ShutdownGrace + TimeSpan.FromSeconds(30);
        });
        return services;
    }
}
