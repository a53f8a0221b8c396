using System.Diagnostics;
using Tapline.Core.Data.Runs;
using Tapline.Runner.Tests.Worker;
using Tapline.TestSupport;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Tapline.Faults.Tests;

/// <summary>Workers killed with SIGKILL or frozen mid-run: plugins die with them, runs are reaped, state is neither lost nor overwritten.</summary>
public sealed class WorkerDeathTests(ITestOutputHelper output)
{
    // Ten .NET workers starting at once on two shared cores take their time.
    private static readonly TimeSpan Healthy = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Twenty_workers_killed_mid_run_leave_no_plugin_behind_are_reaped_dead_and_their_state_ids_resume_from_the_saved_state()
    {
        const int rounds = 2;
        const int workersPerRound = 10;
        await using var f = await FaultFixture.CreateAsync();
        var keys = Enumerable.Range(0, workersPerRound).Select(i => $"kill{i}").ToList();
        foreach (var key in keys.Append("busy"))
        {
            await MultiProcessProject.SeedAsync(f.State, MultiProcessProject.StateIdOf(key), key);
            f.Project.Hold(key);
        }

        // The one worker left: its only slot is taken by a run that waits, so it claims none of the
        // runs the test kills, and reaps them.
        await f.EnqueueAsync("busy");
        var survivor = f.StartWorker(concurrency: 1);
        await FaultFixture.UntilAsync(async () => await MultiProcessProject.SavedCountAsync(f.State, MultiProcessProject.StateIdOf("busy")) == 1, Healthy, "the survivor's own run started");

        for (var round = 1; round <= rounds; round++)
        {
            var runs = new List<RunRecord>();
            foreach (var key in keys)
            {
                runs.Add(await f.EnqueueAsync(key));
            }

            var doomed = keys.Select(_ => f.StartWorker(concurrency: 1)).ToList();
            var saved = round;
            await FaultFixture.UntilAsync(async () =>
            {
                foreach (var (key, run) in keys.Zip(runs))
                {
                    var row = (await f.Queue.GetAsync(run.Id))!;
                    Assert.True(row.Status is RunStatus.Queued or RunStatus.Running, $"round {saved}: run {run.Id} ended {row.Status} before the kill: {row.Error}");
                    if (await MultiProcessProject.SavedCountAsync(f.State, MultiProcessProject.StateIdOf(key)) != saved)
                    {
                        return false;
                    }
                }

                return true;
            }, Healthy, $"round {round}: every run started and saved its state");
            var plugins = doomed.SelectMany(w => ChildrenOf(w.Pid)).ToList();
            Assert.Equal(2 * workersPerRound, plugins.Count);

            foreach (var worker in doomed)
            {
                worker.KillHard();
            }

            var killedAt = Stopwatch.StartNew();
            await FaultFixture.UntilAsync(() => Task.FromResult(!plugins.Any(ProcessTable.IsAlive)), TimeSpan.FromSeconds(2), "no plugin of a killed worker alive 2 s after the kills");
            output.WriteLine($"round {round}: plugins of {workersPerRound} killed workers gone {killedAt.ElapsedMilliseconds} ms after the kills");
            await FaultFixture.UntilAsync(async () =>
            {
                foreach (var run in runs)
                {
                    if (await f.StatusAsync(run.Id) != RunStatus.Dead)
                    {
                        return false;
                    }
                }

                return true;
            }, TimeSpan.FromSeconds(45) - killedAt.Elapsed, "every run of a killed worker dead within 45 s, reaped by the one worker left");
            output.WriteLine($"round {round}: all {workersPerRound} runs dead {killedAt.ElapsedMilliseconds} ms after the kills");
        }

        foreach (var key in keys.Append("busy"))
        {
            f.Project.Release(key);
        }

        var again = new List<RunRecord>();
        foreach (var key in keys)
        {
            again.Add(await f.EnqueueAsync(key));
        }

        // A worker with room for all of them, so the resumed runs do not queue behind one slot.
        f.StartWorker(concurrency: workersPerRound);

        await FaultFixture.UntilAsync(async () =>
        {
            foreach (var run in again)
            {
                if (await f.StatusAsync(run.Id) != RunStatus.Success)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(2), "every state id ran again");
        foreach (var key in keys)
        {
            // Each run started from the state the killed one before it saved: nothing lost, nothing repeated.
            Assert.Equal(rounds + 1, await MultiProcessProject.SavedCountAsync(f.State, MultiProcessProject.StateIdOf(key)));
            Assert.Equal(Enumerable.Range(1, rounds + 1), f.Project.Ledger().Where(l => l.Key == key && l.Event == "start").Select(l => l.Count));
        }
    }

    [Fact]
    public async Task A_frozen_workers_state_write_after_its_run_was_taken_over_does_not_overwrite_the_new_runs_state()
    {
        await using var f = await FaultFixture.CreateAsync();
        const string key = "zombie";
        var stateId = MultiProcessProject.StateIdOf(key);
        await MultiProcessProject.SeedAsync(f.State, stateId, key);
        f.Project.HoldBeforeState(key);
        var zombie = f.StartWorker(concurrency: 1);
        var lost = await f.EnqueueAsync(key);
        await FaultFixture.UntilAsync(() => Task.FromResult(f.Started(key, 1) == 1), Healthy, "the zombie's run started");
        var survivor = f.StartWorker(concurrency: 1);
        await survivor.WaitHealthyAsync(Healthy);

        Signal(zombie.Pid, "STOP");
        await FaultFixture.UntilAsync(async () => await f.StatusAsync(lost.Id) == RunStatus.Dead, TimeSpan.FromSeconds(60), "the frozen worker's run reaped");
        // An operator moves the state on (`tapline state set`) and the state id runs again on the survivor.
        await f.State.SetAsync(stateId, """{"singer_state":{"key":"zombie","count":10}}""", null);
        f.Project.ReleaseBeforeState(key);
        var next = await f.EnqueueAsync(key);
        await FaultFixture.UntilAsync(async () => await f.StatusAsync(next.Id) == RunStatus.Success, TimeSpan.FromMinutes(1), "the new run succeeded");
        Assert.Equal(11, await MultiProcessProject.SavedCountAsync(f.State, stateId));

        // The zombie wakes with its tap's STATE (count 1) waiting in its pipe.
        Signal(zombie.Pid, "CONT");
        await zombie.WaitForOutputAsync("is no longer held by", TimeSpan.FromSeconds(30));

        Assert.Equal(11, await MultiProcessProject.SavedCountAsync(f.State, stateId));
        Assert.DoesNotContain(await f.State.GetHistoryAsync(stateId), h => h.RunId == lost.RunId);
        Assert.Equal(RunStatus.Dead, await f.StatusAsync(lost.Id));
    }

    /// <summary>The processes a worker started: its plugins (taps and targets).</summary>
    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return children;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
