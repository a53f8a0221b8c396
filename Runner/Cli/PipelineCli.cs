using System.CommandLine;
using System.Runtime.InteropServices;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Runner.Worker;

namespace Tapline.Runner.Cli;

/// <summary>
/// What <c>run</c> and <c>elt</c> share: a run row (trigger cli) so the UI sees CLI runs, a lease
/// that heartbeats it and hears cancels from the UI, SIGINT/SIGTERM stopping the plugins, and
/// Meltano's exit codes (0, 1, 143 when stopped by a signal).
/// </summary>
internal static class PipelineCli
{
    public const int ExitSigterm = 143;

    /// <summary>
    /// Opens the project and plans the steps; only then the system database (and the project again,
    /// with the settings stored there), so bad input fails before any database is created. A dry
    /// run opens no database.
    /// </summary>
    public static async Task<(ProjectContext Project, SystemDbContextFactory? Database, IReadOnlyList<PipelineStep> Steps)> OpenAsync(
        ParseResult parse, bool dryRun, Func<ProjectContext, IReadOnlyList<PipelineStep>> plan, CancellationToken ct)
    {
        var plain = CliGlobals.OpenProject(parse);
        var steps = plan(plain);
        if (dryRun)
        {
            return (plain, null, steps);
        }
        var (project, database) = await CliDatabase.OpenProjectAndDatabaseAsync(parse, plain, ct);
        return (project, database, plan(project));
    }

    /// <param name="factory">The system database; null for a dry run, which only shows what would run.</param>
    public static async Task<int> ExecuteAsync(
        ProjectContext ctx, SystemDbContextFactory? factory, IReadOnlyList<PipelineStep> steps, RunOptions options, bool force, CancellationToken ct)
    {
        var runStateId = PipelineExecutor.RunStateId(ctx, steps, options);
        if (factory is null)
        {
            Console.WriteLine($"Dry run: would run under state id '{runStateId}' in environment '{ctx.Environment?.Name ?? "(none)"}':");
            foreach (var step in steps)
            {
                var stateNote = step is ExtractLoadStep el && PipelineExecutor.StateIdFor(ctx, el, options, steps.OfType<ExtractLoadStep>().Count() == 1 ? options.StateId : null) is { } id
                    ? $" (state id {id}{(options.FullRefresh ? ", full refresh" : options.FullRefreshStreams.Count > 0 ? $", full refresh of {string.Join(", ", options.FullRefreshStreams)}" : "")})"
                    : "";
                Console.WriteLine($"  {step.Text}{stateNote}");
            }
            return CliExit.Ok;
        }

        var queue = new RunQueue(factory);
        var worker = $"cli:{WorkerIdentity.ForThisProcess()}";
        var request = new RunRequest(runStateId, string.Join(' ', steps.Select(s => s.Text)), RunTrigger.Cli)
        {
            RequestedBy = Environment.UserName,
            Payload = options.ToPayload(),
        };

        RunRecord row;
        try
        {
            row = await queue.StartDirectAsync(request, worker, ct);
        }
        catch (StateIdBusyException) when (force)
        {
            var released = await queue.ForceReleaseAsync(runStateId, $"superseded by a --force run from {worker}", ct);
            await Console.Error.WriteLineAsync($"--force: marked {released} running run(s) of '{runStateId}' dead");
            row = await queue.StartDirectAsync(request, worker, ct);
        }
        catch (StateIdBusyException)
        {
            throw new ProjectException($"a run of state id '{runStateId}' is already running; wait for it, cancel it, or pass --force");
        }

        var logPath = EltLogPath.For(ctx.Settings.SysDirRoot, runStateId, row.RunId);
        await queue.SetLogPathAsync(row.Id, logPath, ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var signalled = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Exchange(ref signalled, 1) == 0)
            {
                Console.Error.WriteLine($"Received {context.Signal}: stopping the plugins");
            }
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        PipelineOutcome outcome;
        await using (var lease = RunLease.Start(queue, row, worker))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, lease.Token);
            var executor = new PipelineExecutor(new PluginInvocationPreparer());
            var context = new PipelineRunContext(row.RunId, logPath, ctx.Environment is null ? null : CliDatabase.StateStore(factory))
            {
                Console = line => Console.Error.WriteLine(line),
            };
            outcome = await executor.ExecuteAsync(ctx, steps, options, context, linked.Token);
            if (outcome.Status == BlockStatus.Cancelled && lease.StopReason is { } reason && signalled == 0)
            {
                outcome = outcome with { Error = reason };
            }
        }

        var status = outcome.RunStatus;
        await queue.CompleteAsync(row.Id, worker, outcome.ToRunOutcome(logPath), CancellationToken.None);

        var streams = string.Join(", ", outcome.Streams.Select(s => $"{s.Stream}: {s.Records}"));
        if (status == RunStatus.Success)
        {
            await Console.Error.WriteLineAsync($"Run {row.RunId} succeeded: {outcome.Records} records{(streams.Length > 0 ? $" ({streams})" : "")}. Log: {logPath}");
            return CliExit.Ok;
        }
        await Console.Error.WriteLineAsync($"Run {row.RunId} {status.ToString().ToLowerInvariant()}: {outcome.Error}. Log: {logPath}");
        return status == RunStatus.Cancelled && signalled == 1 ? ExitSigterm : CliExit.Error;
    }
}
