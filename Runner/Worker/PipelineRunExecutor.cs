using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Settings;
using Tapline.Core.Insight;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Places;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Worker;

/// <summary>
/// The engine behind <c>tapline worker</c>: opens the project as the run asked (environment from the
/// payload), parses the row's block and runs it exactly as <c>tapline run</c> would, saving state
/// under the row's state id.
/// </summary>
public sealed class PipelineRunExecutor(
    ProjectPlaces places,
    SystemDbContextFactory database,
    PluginSettingsStore settingsStore,
    ILogger<PipelineRunExecutor> logger,
    ILogger<PipelineExecutor> engineLogger) : IRunExecutor
{
    public async Task<RunOutcome> ExecuteAsync(RunRecord run, RunContext context, CancellationToken cancellationToken)
    {
        var root = places.Root;
        var logPath = EltLogPath.For(places.SysDir, run.StateId, run.RunId);
        await context.Queue.SetLogPathAsync(run.Id, logPath, cancellationToken);

        ProjectContext project;
        IReadOnlyList<PipelineStep> steps;
        RunOptions options;
        try
        {
            options = RunOptions.FromPayload(run.Payload);
            // Settings stored with `config set --store db` are part of the resolution, as for CLI runs.
            var dbSettings = await DbSettingsStore.LoadAsync(database, settingsStore, cancellationToken);
            project = ProjectContext.Open(new ProjectOpenOptions
            {
                Cwd = root,
                Environment = options.Environment,
                Db = dbSettings,
                RunEnv = options.Env,
            });
            steps = BlockParser.Parse(project.Project, [run.Block]);
        }
        catch (Exception e) when (e is ProjectException or SettingsException or System.Text.Json.JsonException or DataProtectionKeyException)
        {
            var error = $"Run could not start: {e.Message}";
            await EltLog.AppendAsync(logPath, EltLog.EngineSource, error, DateTimeOffset.UtcNow, cancellationToken);
            logger.LogWarning("Run {RunId} could not start: {Error}", run.RunId, e.Message);
            return new RunOutcome(RunStatus.Failed) { Error = error, LogPath = logPath };
        }

        // The payload says which state id the run keeps (an elt-style schedule's name) or leaves it to
        // StateIds, which built the row's state id too: nothing to patch here.
        var executor = new PipelineExecutor(new PluginInvocationPreparer(), engineLogger);
        var metrics = new RunMetrics();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = RunProgressPublisher.RunAsync(database, run, metrics, RunProgressPublisher.DefaultInterval, progressStop.Token);
        try
        {
            var outcome = await executor.ExecuteAsync(project, steps, options,
                new PipelineRunContext(run.RunId, logPath, project.Environment is null ? null : context.State) { Metrics = metrics }, cancellationToken);
            return outcome.ToRunOutcome(logPath);
        }
        finally
        {
            // Stopped before the outcome is written, so a late progress write never follows it.
            await progressStop.CancelAsync();
            await progress;
        }
    }
}
