using System.Diagnostics;
using Tapline.Core.Singer;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Pipelines;

/// <summary>
/// Runs one block: starts extractor, mappers and loader, pipes each one's stdout into the next
/// one's stdin, sends every stderr to the elt.log, hands loader state to the sink, and decides
/// the outcome with Meltano's failure semantics.
/// </summary>
public sealed class BlockRunner
{
    /// <summary>How long output pipes may stay open after every plugin exited (a leaked grandchild).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    public async Task<BlockResult> RunAsync(BlockSpec spec, CancellationToken cancellationToken = default)
    {
        var options = spec.Options;
        var chain = spec.Chain;
        var startedAt = DateTimeOffset.UtcNow;
        var blockName = string.Join(' ', chain.Select(p => p.Name));

        using var runActivity = TaplineTelemetry.Source.StartActivity("run " + blockName);
        runActivity?.SetTag("tapline.run_id", options.RunId.ToString());
        runActivity?.SetTag("tapline.state_id", options.StateId);
        runActivity?.SetTag("tapline.block", blockName);

        TaplineTelemetry.RunsStarted.Add(1);
        await using var log = new EltLog(options.LogFilePath, options.ConsoleSink);
        var exitCodes = new Dictionary<string, int?>();
        foreach (var plugin in chain)
        {
            exitCodes[plugin.Name] = null;
        }

        var children = new List<ChildProcess>();
        var activities = new List<Activity?>();
        try
        {
            foreach (var plugin in chain)
            {
                var activity = TaplineTelemetry.Source.StartActivity("plugin " + plugin.Name, ActivityKind.Internal, runActivity?.Context ?? default);
                Activity.Current = runActivity;
                activity?.SetTag("tapline.plugin", plugin.Name);
                activities.Add(activity);
                var child = ChildProcess.Start(plugin, redirect: true);
                activity?.SetTag("process.pid", child.Pid);
                children.Add(child);
            }
        }
        catch (PluginStartException e)
        {
            log.Write(EltLog.EngineSource, e.Message);
            await Task.WhenAll(children.Select(c => c.StopAsync(options.TerminationGracePeriod))).ConfigureAwait(false);
            foreach (var child in children)
            {
                exitCodes[child.Name] = await child.Exited.ConfigureAwait(false);
                child.Dispose();
            }

            foreach (var activity in activities)
            {
                activity?.Dispose();
            }

            return Finish(runActivity, log, BlockStatus.Failed, $"{Role(children.Count, chain.Count)} failed: {e.Message}", exitCodes, [], startedAt, 0, Durations(children));
        }

        log.Write(EltLog.EngineSource, $"Block {blockName} started (run {options.RunId})");
        try
        {
            return await SuperviseAsync(spec, children, activities, runActivity, log, exitCodes, startedAt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }

            foreach (var activity in activities)
            {
                activity?.Dispose();
            }
        }
    }

    private static async Task<BlockResult> SuperviseAsync(
        BlockSpec spec,
        List<ChildProcess> children,
        List<Activity?> activities,
        Activity? runActivity,
        EltLog log,
        Dictionary<string, int?> exitCodes,
        DateTimeOffset startedAt,
        CancellationToken cancellationToken)
    {
        var options = spec.Options;
        var count = children.Count;
        using var timeout = options.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var io = new CancellationTokenSource();

        var stderr = children.Select(c => log.PumpAsync(c.Name, c.StandardError, io.Token)).ToList();
        var relays = Enumerable.Range(0, count - 1)
            .Select(i => new LineRelay(children[i], children[i + 1], options.BufferSize, log, countsTowardsLoad: i == count - 2, options.ForwardWithTee))
            .ToList();
        var relayTasks = relays.Select(r => r.Start()).ToList();
        var state = new StateReader(children[^1].Name, options.BufferSize, log, options.StateSink);
        var stateTask = state.RunAsync(children[^1].StandardOutput, io.Token);

        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = abort.Token.Register(() => aborted.TrySetResult());
        using var watching = new CancellationTokenSource();
        var stall = options.StallTimeout is { } stallLimit
            ? StallWatchdog.WatchAsync(() => relays[0].Scanner.Progress, () => !relayTasks[0].IsCompleted, stallLimit, watching.Token)
            : null;

        string? failure = null;
        var cancelled = false;
        var stalled = false;
        var stopping = new List<Task>();
        var exitHandled = new bool[count];
        var relayHandled = new bool[relays.Count];
        var abortHandled = false;

        void Stop(IEnumerable<ChildProcess> targets)
        {
            foreach (var child in targets.Where(c => !c.Exited.IsCompleted))
            {
                stopping.Add(child.StopAsync(options.TerminationGracePeriod));
            }
        }

        while (exitHandled.Contains(false))
        {
            var waits = new List<Task>();
            waits.AddRange(children.Where((_, i) => !exitHandled[i]).Select(c => c.Exited));
            waits.AddRange(relayTasks.Where((_, i) => !relayHandled[i]));
            if (!abortHandled)
            {
                waits.Add(aborted.Task);
            }

            if (stall is { IsCompleted: false })
            {
                waits.Add(stall);
            }

            await Task.WhenAny(waits).ConfigureAwait(false);

            // Relays first: a line over the limit also makes the loader exit, and the limit is the cause.
            for (var i = 0; i < relays.Count; i++)
            {
                if (relayHandled[i] || !relayTasks[i].IsCompleted)
                {
                    continue;
                }

                relayHandled[i] = true;
                if (RelayFailure(relayTasks[i], Role(i, count), children[i].Name) is { } relayFailure)
                {
                    failure ??= relayFailure;
                    log.Write(EltLog.EngineSource, failure);
                    Stop(children);
                }
            }

            if (!abortHandled && aborted.Task.IsCompleted)
            {
                abortHandled = true;
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    failure ??= "Run cancelled";
                }
                else
                {
                    failure ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Run timed out after {options.Timeout!.Value.TotalSeconds:0.###} s and was stopped");
                }

                log.Write(EltLog.EngineSource, failure + "; stopping all plugins");
                Stop(children);
            }

            if (stall is { IsCompletedSuccessfully: true, Result: true } && !stalled && failure is null)
            {
                stalled = true;
                failure = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Stalled: extractor {children[0].Name} printed no Singer message for {options.StallTimeout!.Value.TotalSeconds:0.###} s (stall_timeout); stopping all plugins, the state reached is kept");
                log.Write(EltLog.EngineSource, failure);
                Stop(children);
            }

            for (var i = 0; i < count; i++)
            {
                if (exitHandled[i] || !children[i].Exited.IsCompleted)
                {
                    continue;
                }

                exitHandled[i] = true;
                var code = await children[i].Exited.ConfigureAwait(false);
                exitCodes[children[i].Name] = code;
                activities[i]?.SetTag("process.exit_code", code);
                activities[i]?.SetStatus(code == 0 ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
                activities[i]?.Stop();
                log.Write(EltLog.EngineSource, $"{children[i].Name} exited with code {code}");

                var inputOpen = i > 0 && !relays[i - 1].InputClosed;
                if (inputOpen)
                {
                    // Consumer finished first: whatever is upstream has nowhere to go.
                    failure ??= $"{Role(i, count)} failed: {children[i].Name} exited with code {code} before its input ended";
                    Stop(children.Take(i));
                }
                else if (code != 0)
                {
                    failure ??= $"{Role(i, count)} failed: {children[i].Name} exited with code {code}";
                }
            }
        }

        await watching.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(stopping).ConfigureAwait(false);
        var drained = Task.WhenAll([.. relayTasks, .. stderr, stateTask]);
        if (await Task.WhenAny(drained, Task.Delay(DrainLimit, CancellationToken.None)).ConfigureAwait(false) != drained)
        {
            // A leftover grandchild keeps a pipe open; its reader is abandoned rather than the run hung.
            log.Write(EltLog.EngineSource, "Plugin output stayed open after every plugin exited (a leftover child process?); stopped reading it");
            await io.CancelAsync().ConfigureAwait(false);
            _ = drained.ContinueWith(t => t.Exception, TaskScheduler.Default);

            // The state reader stops at its next read, but a save in flight finishes first: a run
            // never reports its end before the state it received is stored (the next run reads it).
            await stateTask.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await drained.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or LineTooLongException or NotJsonLineException)
            {
                // Each of these is already reflected in the failure decided above.
            }
        }

        foreach (var (relay, index) in relays.Select((r, i) => (r, i)))
        {
            if (failure is null && RelayFailure(relayTasks[index], Role(index, count), relay.Producer.Name) is { } relayFailure)
            {
                failure = relayFailure;
            }
        }

        if (failure is null && state.SinkError is { } sinkError)
        {
            failure = $"Incremental state could not be persisted: {sinkError.Message}";
        }

        var status = cancelled ? BlockStatus.Cancelled : stalled ? BlockStatus.Stalled : failure is null ? BlockStatus.Success : BlockStatus.Failed;
        var streams = relays[^1].Scanner.Streams.Snapshot().Select(s => new StreamCount(s.Stream, s.Records, s.Bytes)).ToList();
        return Finish(runActivity, log, status, failure, exitCodes, streams, startedAt, state.Saved, Durations(children));
    }

    private static BlockResult Finish(
        Activity? runActivity,
        EltLog log,
        BlockStatus status,
        string? error,
        Dictionary<string, int?> exitCodes,
        IReadOnlyList<StreamCount> streams,
        DateTimeOffset startedAt,
        int statesSaved,
        IReadOnlyDictionary<string, TimeSpan> pluginDurations)
    {
        var endedAt = DateTimeOffset.UtcNow;
        var result = new BlockResult(status, exitCodes, streams, error, startedAt, endedAt, statesSaved, pluginDurations);
        log.Write(EltLog.EngineSource, error is null
            ? $"Block finished: {status}, {result.Records} records"
            : $"Block finished: {status}, {result.Records} records. {error}");

        var statusTag = new KeyValuePair<string, object?>("tapline.status", status.ToString().ToLowerInvariant());
        TaplineTelemetry.RunsFinished.Add(1, statusTag);
        TaplineTelemetry.RunDuration.Record(result.Duration.TotalSeconds, statusTag);
        runActivity?.SetTag("tapline.status", status.ToString().ToLowerInvariant());
        runActivity?.SetTag("tapline.records", result.Records);
        runActivity?.SetStatus(status == BlockStatus.Success ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
        return result;
    }

    private static Dictionary<string, TimeSpan> Durations(IEnumerable<ChildProcess> children)
    {
        var durations = new Dictionary<string, TimeSpan>();
        foreach (var child in children)
        {
            durations[child.Name] = (child.ExitedAt ?? DateTimeOffset.UtcNow) - child.StartedAt;
        }

        return durations;
    }

    /// <summary>Why a relay ended on its own: the producer printed something no loader can take.</summary>
    private static string? RelayFailure(Task relay, string role, string plugin) => relay.Exception?.InnerException switch
    {
        LineTooLongException e =>
            $"{role} failed: {plugin} printed a line longer than elt.buffer_size ({e.Limit} bytes): line {e.LineNumber} is at least {e.Length} bytes; raise elt.buffer_size if such lines are expected",
        NotJsonLineException e =>
            $"{role} failed: {plugin} printed a line that is not a Singer message (JSON) on stdout: line {e.LineNumber}: {e.Preview}; plugins must write logs to stderr",
        _ => null,
    };

    private static string Role(int index, int count) =>
        index == 0 ? "Extractor" : index == count - 1 ? "Loader" : "Mapper";
}
