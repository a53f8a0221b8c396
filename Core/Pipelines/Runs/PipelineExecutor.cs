using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Singer;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// Executes the steps of one run against an opened project, as Meltano's <c>run</c> does: for
/// each block it resolves settings, prepares config/catalog/state, pipes the plugins through
/// the <see cref="BlockRunner"/> and saves every state value the loader emits; commands run
/// with their output in the same log. The first failing step ends the run.
/// </summary>
public sealed class PipelineExecutor(PluginInvocationPreparer preparer, ILogger<PipelineExecutor>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<PipelineExecutor>.Instance;

    public async Task<PipelineOutcome> ExecuteAsync(
        ProjectContext ctx, IReadOnlyList<PipelineStep> steps, RunOptions options, PipelineRunContext run, CancellationToken cancellationToken)
    {
        var exitCodes = new Dictionary<string, int?>(StringComparer.Ordinal);
        var streams = new List<StreamCount>();
        var extractLoadSteps = steps.OfType<ExtractLoadStep>().Count();
        foreach (var step in steps)
        {
            var result = step switch
            {
                ExtractLoadStep el => await RunExtractLoadAsync(ctx, el, options, extractLoadSteps == 1 ? options.StateId : null, run, cancellationToken),
                CommandStep command => await RunCommandAsync(ctx, command, options, run, cancellationToken),
                _ => throw new InvalidOperationException($"unknown step {step.GetType().Name}"),
            };
            foreach (var (plugin, code) in result.ExitCodes)
            {
                exitCodes[plugin] = code;
            }
            streams.AddRange(result.Streams);
            if (result.Status != BlockStatus.Success)
            {
                return new PipelineOutcome(result.Status, result.Error, exitCodes, streams);
            }
        }
        return new PipelineOutcome(BlockStatus.Success, null, exitCodes, streams);
    }

    /// <summary>The state id of a run's row (<see cref="StateIds.ForRun"/>); an explicit <c>--state-id</c> wins for a run with a block.</summary>
    public static string RunStateId(ProjectContext ctx, IReadOnlyList<PipelineStep> steps, RunOptions options)
    {
        var first = steps.OfType<ExtractLoadStep>().FirstOrDefault();
        if (first is not null && options.StateId is { } explicitStateId)
        {
            return explicitStateId;
        }
        return StateIds.ForRun(ctx.Environment?.Name, options.StateIdSuffix ?? ctx.Environment?.StateIdSuffix,
            first is null ? null : (first.Extractor.Name, first.Loader.Name), string.Join(' ', steps.Select(s => s.Text)));
    }

    /// <summary>The state id a block keeps its state under (Meltano's rules), or null when none is kept.</summary>
    public static string? StateIdFor(ProjectContext ctx, ExtractLoadStep step, RunOptions options, string? explicitStateId) =>
        explicitStateId ?? StateIds.Generate(ctx.Environment, step.Extractor.Name, step.Loader.Name, options.StateIdSuffix);

    private async Task<PipelineOutcome> RunExtractLoadAsync(
        ProjectContext ctx, ExtractLoadStep step, RunOptions options, string? explicitStateId, PipelineRunContext run, CancellationToken ct)
    {
        var stateId = StateIdFor(ctx, step, options, explicitStateId);
        var keepState = stateId is not null && run.State is not null;
        var invocations = new List<PluginInvocation>();
        await using var notes = new EltLog(run.LogPath, run.Console);
        try
        {
            if (stateId is null)
            {
                notes.Write(EltLog.EngineSource, "No active environment: incremental state is neither read nor saved (as Meltano)");
            }

            var stored = keepState ? await run.State!.LoadAsync(stateId!, ct) : null;
            var extractorSettings = ctx.ResolvePluginSettings(step.Extractor);
            var loaderSettings = ctx.ResolvePluginSettings(step.Loader);
            var blockEnv = BlockEnvironment(step, extractorSettings, loaderSettings);

            var extractorState = StateMerge.ForExtractor(stored, options.FullRefresh);
            if (!options.FullRefresh && options.FullRefreshStreams.Count > 0)
            {
                extractorState = StreamRefresh.Without(extractorState, options.FullRefreshStreams, out var cleared);
                notes.Write(EltLog.EngineSource, cleared.Count > 0
                    ? $"Full refresh of {string.Join(", ", options.FullRefreshStreams)}: the tap is given no bookmark for {string.Join(", ", cleared)}; other streams keep theirs"
                    : $"Full refresh of {string.Join(", ", options.FullRefreshStreams)}: no stored bookmark to leave out");
            }

            var extractorInvocation = await preparer.PrepareAsync(
                Request(ctx, step.Extractor, extractorSettings, extractorSettings.ToJson(unsafeOutput: true), blockEnv) with
                {
                    Extras = CatalogExtrasOf(extractorSettings, options),
                    State = extractorState,
                    RefreshCatalog = options.RefreshCatalog,
                }, ct);
            invocations.Add(extractorInvocation);

            var mapperProcesses = new List<PluginProcess>();
            foreach (var mapper in step.Mappers)
            {
                var mapperSettings = ctx.ResolvePluginSettings(mapper.Mapper);
                var config = mapperSettings.ToJson(unsafeOutput: true);
                foreach (var (key, value) in mapper.Mapping?.Config ?? new Dictionary<string, object?>())
                {
                    config[key] = JsonValues.ToNode(value);
                }
                var invocation = await preparer.PrepareAsync(Request(ctx, mapper.Mapper, mapperSettings, config, blockEnv), ct);
                invocations.Add(invocation);
                mapperProcesses.Add(Process(ctx, mapper.Name, invocation));
            }

            var loaderInvocation = await preparer.PrepareAsync(Request(ctx, step.Loader, loaderSettings, loaderSettings.ToJson(unsafeOutput: true), blockEnv), ct);
            invocations.Add(loaderInvocation);

            // A full refresh of some streams saves partial state as a full one does (Meltano's should_merge_states):
            // a stream the run did not reach keeps its bookmark.
            var writesPartial = StateMerge.WritesPartial(options.FullRefresh || options.FullRefreshStreams.Count > 0, options.StateStrategy);
            var current = stored;
            var saveState = keepState && !options.NoStateUpdate;
            if (keepState && options.NoStateUpdate)
            {
                notes.Write(EltLog.EngineSource, $"--no-state-update: state of '{stateId}' is read but not saved");
            }

            var spec = new BlockSpec(
                Process(ctx, step.Extractor.Name, extractorInvocation),
                mapperProcesses,
                Process(ctx, step.Loader.Name, loaderInvocation),
                new BlockOptions
                {
                    BufferSize = (int)Math.Min(int.MaxValue, ctx.Settings.EltBufferSize),
                    Timeout = options.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    // A schedule's stall_timeout wins over the project's runner.stall_timeout.
                    StallTimeout = options.StallTimeoutSeconds is { } stall
                        ? stall > 0 ? TimeSpan.FromSeconds(stall) : null
                        : ctx.Settings.RunnerStallTimeout,
                    LogFilePath = run.LogPath,
                    ConsoleSink = run.Console,
                    StateId = stateId,
                    RunId = run.RunId,
                    StateSink = saveState
                        ? async (value, token) =>
                        {
                            current = StateMerge.Apply(current, StateMerge.Wrap(value), writesPartial);
                            await run.State!.SaveAsync(stateId!, current, run.RunId, token);
                        }
                        : null,
                });

            await notes.DisposeAsync();
            var result = await new BlockRunner().RunAsync(spec, ct);
            _logger.LogInformation("Block {Block} of run {RunId} ended {Status} with {Records} records", step.Text, run.RunId, result.Status, result.Records);
            return new PipelineOutcome(result.Status, result.Error, result.ExitCodes, result.Streams);
        }
        catch (Exception e) when (e is PluginExecutableNotFoundException or PluginInvocationException or PluginStartException or SettingsException)
        {
            await using var log = new EltLog(run.LogPath, run.Console);
            log.Write(EltLog.EngineSource, $"Block '{step.Text}' could not start: {e.Message}");
            return new PipelineOutcome(BlockStatus.Failed, $"Block '{step.Text}' could not start: {e.Message}", new Dictionary<string, int?>(), []);
        }
        finally
        {
            foreach (var invocation in invocations)
            {
                await invocation.DisposeAsync();
            }
        }
    }

    private static async Task<PipelineOutcome> RunCommandAsync(ProjectContext ctx, CommandStep step, RunOptions options, PipelineRunContext run, CancellationToken ct)
    {
        await using var log = new EltLog(run.LogPath, run.Console);
        try
        {
            var process = CommandProcess(ctx, step.Plugin, step.CommandName, []);
            log.Write(EltLog.EngineSource, $"Running {step.Text}: {process.Executable} {string.Join(' ', process.Args)}");
            var code = await CommandRunner.RunPipedAsync(
                process,
                line => log.Write(step.Plugin.Name, line),
                line => log.Write(step.Plugin.Name, line),
                TimeSpan.FromSeconds(10),
                ct);
            var codes = new Dictionary<string, int?> { [step.Plugin.Name] = code };
            if (ct.IsCancellationRequested)
            {
                return new PipelineOutcome(BlockStatus.Cancelled, "Run cancelled", codes, []);
            }
            return code == 0
                ? new PipelineOutcome(BlockStatus.Success, null, codes, [])
                : new PipelineOutcome(BlockStatus.Failed, $"Command {step.Text} failed with exit code {code}", codes, []);
        }
        catch (Exception e) when (e is PluginExecutableNotFoundException or PluginStartException or SettingsException)
        {
            log.Write(EltLog.EngineSource, $"{step.Text} could not start: {e.Message}");
            return new PipelineOutcome(BlockStatus.Failed, $"{step.Text} could not start: {e.Message}", new Dictionary<string, int?>(), []);
        }
    }

    /// <summary>
    /// The process for <c>plugin[:command] [args]</c> (invoke and command steps): the command's own
    /// executable or the plugin's, its args with $VARs expanded, the plugin's settings as env.
    /// </summary>
    public static PluginProcess CommandProcess(ProjectContext ctx, PluginDefinition plugin, string? commandName, IReadOnlyList<string> extraArgs)
    {
        var settings = ctx.ResolvePluginSettings(plugin);
        var env = PluginEnvironment(ctx, plugin, settings);
        var spec = ProjectPluginSpec.For(ctx, plugin);
        IReadOnlyList<string> args = extraArgs;
        string? executable = null;
        if (commandName is not null)
        {
            if (!plugin.EffectiveCommands.TryGetValue(commandName, out var command))
            {
                throw new ProjectException($"plugin '{plugin.Name}' has no command '{commandName}'");
            }
            var expanded = EnvVarExpander.Expand(command.Args, env, ctx.Settings.StrictEnvVarMode, $"command '{plugin.Name}:{commandName}'");
            args = [.. PipUrl.Split(expanded), .. extraArgs];
            if (command.Executable is { Length: > 0 } own)
            {
                executable = ExecutableResolver.Resolve(ctx.Root, spec with { Executable = own, PipUrl = spec.PipUrl });
            }
        }
        // A command with its own executable does not need the plugin's (dbt's describe runs dbt_extension).
        executable ??= ExecutableResolver.Resolve(ctx.Root, spec);
        return new PluginProcess(plugin.Name, executable, args, env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), ctx.Root);
    }

    /// <summary>The env a plugin runs with: the project's env layers plus its settings as env vars (Meltano's invoker env).</summary>
    public static Dictionary<string, string> PluginEnvironment(ProjectContext ctx, PluginDefinition plugin, ResolvedSettings settings) =>
        ctx.PluginEnv(plugin, settings.ToEnvironment());

    private static PluginInvocationRequest Request(
        ProjectContext ctx, PluginDefinition plugin, ResolvedSettings settings, JsonObject config, IReadOnlyDictionary<string, string> blockEnv)
    {
        var env = PluginEnvironment(ctx, plugin, settings);
        foreach (var (k, v) in blockEnv)
        {
            env[k] = v;
        }
        return new PluginInvocationRequest(ctx.Root, ProjectPluginSpec.For(ctx, plugin), config, env);
    }

    /// <summary>Meltano gives every plugin of a block the extractor's and loader's names and settings (MELTANO_EXTRACT_*, MELTANO_LOAD_*).</summary>
    private static Dictionary<string, string> BlockEnvironment(ExtractLoadStep step, ResolvedSettings extractor, ResolvedSettings loader)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(PluginDefinition plugin, string role, string verb, ResolvedSettings settings)
        {
            env[$"MELTANO_{role}_NAME"] = plugin.Name;
            env[$"MELTANO_{role}_NAMESPACE"] = plugin.EffectiveNamespace;
            env[$"MELTANO_{role}_EXECUTABLE"] = plugin.EffectiveExecutable ?? plugin.Name;
            foreach (var s in settings.Config.Where(s => s.Value is not null))
            {
                env[EnvVarNames.For("MELTANO", verb, s.Name)] = JsonValues.ToEnvText(s.Value);
            }
        }
        Add(step.Extractor, "EXTRACTOR", "extract", extractor);
        Add(step.Loader, "LOADER", "load", loader);
        return env;
    }

    /// <summary>A tap's select/metadata/schema extras as the catalog rules take them (invoke applies them too).</summary>
    public static CatalogExtras CatalogExtrasOf(ResolvedSettings settings, RunOptions options)
    {
        static IReadOnlyList<string> Strings(object? value) =>
            value is IEnumerable<object?> list ? list.Select(v => v?.ToString() ?? "").ToList() : [];

        return new CatalogExtras
        {
            Select = settings["_select"] is { } select ? Strings(select) : ["*.*"],
            SelectFilter = [.. Strings(settings["_select_filter"]), .. options.SelectFilter],
            Metadata = JsonValues.ToNode(settings["_metadata"]) as JsonObject,
            Schema = JsonValues.ToNode(settings["_schema"]) as JsonObject,
            CustomCatalog = settings["_catalog"] as string,
        };
    }

    private static PluginProcess Process(ProjectContext ctx, string name, PluginInvocation invocation) =>
        new(name, invocation.Executable, invocation.Args, invocation.Env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), ctx.Root);
}
