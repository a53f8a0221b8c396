using Tapline.Core.Data.Runs;
using Tapline.Runner.Tests.Worker;
using Xunit.Abstractions;

namespace Tapline.Faults.Tests;

/// <summary>PostgreSQL stopped for 20 s while runs hand over their state and end: the runs end success with their state stored.</summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int Runs = 10;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Ten_runs_whose_state_and_end_fall_in_a_20_s_outage_end_success_with_their_final_state_stored()
    {
        await using var f = await FaultFixture.CreateAsync();
        var (keys, runs) = await StartHeldRunsAsync(f, "end", holdAfterState: false);

        await f.Server.StopAsync();
        foreach (var key in keys)
        {
            f.Project.ReleaseBeforeState(key);
        }

        // The taps emit their STATE and exit while the database is down.
        await FaultFixture.UntilAsync(() => Task.FromResult(keys.All(k => f.Project.Ledger().Any(l => l.Key == k && l.Event == "end"))), TimeSpan.FromSeconds(15), "every tap ended during the outage");
        await Task.Delay(Outage);
        await f.Server.RestartAsync();

        await UntilAllSucceededAsync(f, runs);
        foreach (var key in keys)
        {
            Assert.Equal(1, await MultiProcessProject.SavedCountAsync(f.State, MultiProcessProject.StateIdOf(key)));
        }
    }

    [Fact]
    public async Task Ten_runs_that_live_through_a_20_s_outage_mid_run_end_success_with_their_final_state_stored()
    {
        await using var f = await FaultFixture.CreateAsync();
        var (keys, runs) = await StartHeldRunsAsync(f, "mid", holdAfterState: true);

        await f.Server.StopAsync();
        foreach (var key in keys)
        {
            // STATE arrives during the outage; the taps keep running after it.
            f.Project.ReleaseBeforeState(key);
        }

        await Task.Delay(Outage);
        await f.Server.RestartAsync();
        await FaultFixture.UntilAsync(async () =>
        {
            foreach (var key in keys)
            {
                if (await MultiProcessProject.SavedCountAsync(f.State, MultiProcessProject.StateIdOf(key)) != 1)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(1), "the state held through the outage is stored once the database is back");
        foreach (var key in keys)
        {
            f.Project.Release(key);
        }

        await UntilAllSucceededAsync(f, runs);
    }

    private static async Task<(List<string> Keys, List<RunRecord> Runs)> StartHeldRunsAsync(FaultFixture f, string prefix, bool holdAfterState)
    {
        var keys = Enumerable.Range(0, Runs).Select(i => $"{prefix}{i}").ToList();
        var runs = new List<RunRecord>();
        foreach (var key in keys)
        {
            await MultiProcessProject.SeedAsync(f.State, MultiProcessProject.StateIdOf(key), key);
            f.Project.HoldBeforeState(key);
            if (holdAfterState)
            {
                f.Project.Hold(key);
            }

            runs.Add(await f.EnqueueAsync(key));
        }

        f.StartWorker(concurrency: Runs);
        await FaultFixture.UntilAsync(() => Task.FromResult(keys.All(k => f.Started(k, 1) == 1)), TimeSpan.FromMinutes(3), "every run started");
        return (keys, runs);
    }

    private async Task UntilAllSucceededAsync(FaultFixture f, List<RunRecord> runs)
    {
        await FaultFixture.UntilAsync(async () =>
        {
            foreach (var run in runs)
            {
                var status = await f.StatusAsync(run.Id);
                Assert.True(status is RunStatus.Running or RunStatus.Success, $"run {run.Id} ended {status}: {(await f.Queue.GetAsync(run.Id))!.Error}");
                if (status != RunStatus.Success)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromMinutes(2), "every run ended success");
        output.WriteLine($"{runs.Count} runs ended success after a {Outage.TotalSeconds} s outage");
    }
}
