using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.EndToEnd;

[Collection(SchedulerProcesses.Name)]
public sealed class ScheduledPipelineTests
{
    [Fact]
    public async Task Schedule_fires_and_a_runner_executes_the_demo_pipeline_to_success()
    {
        var db = await SystemDb.CreateAsync();
        var project = Directory.CreateTempSubdirectory("tapline-e2e-").FullName;
        var demo = Path.Combine(WorkerProcess.RepoRoot(), "demo");
        Directory.CreateDirectory(Path.Combine(project, "data"));
        foreach (var csv in Directory.GetFiles(Path.Combine(demo, "data")))
        {
            File.Copy(csv, Path.Combine(project, "data", Path.GetFileName(csv)));
        }
        // The demo's daily-csv schedule, made to fire every five seconds.
        var yaml = (await File.ReadAllTextAsync(Path.Combine(demo, "meltano.yml"))).Replace("interval: '@daily'", "interval: '*/5 * * * * *'");
        await File.WriteAllTextAsync(Path.Combine(project, "meltano.yml"), yaml);

        await using var scheduler = SchedulerProcess.Start(project, db.ConnectionString);
        await using var worker = WorkerProcess.Start(project, db.ConnectionString);
        await SystemDb.EventuallyAsync(
            async () => (await db.ScalarsAsync<long>("SELECT count(*) FROM runs WHERE schedule_name = 'daily-csv' AND status = 'success'"))[0] > 0,
            TimeSpan.FromSeconds(120), "a successful scheduled run", () => scheduler.Output + "\n---- worker ----\n" + worker.Output
                + "\n---- runs ----\n" + string.Join('\n', db.ScalarsAsync<string>("SELECT status || ' ' || coalesce(error, '') FROM runs").Result));

        var run = await db.ScalarsAsync<string>(
            "SELECT trigger || ' ' || state_id || ' ' || records FROM runs WHERE schedule_name = 'daily-csv' AND status = 'success' ORDER BY id LIMIT 1");
        Assert.Matches(@"^schedule daily-csv [1-9]\d*$", run[0]);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(project, "output"), "*.jsonl"));
        var state = await db.ScalarsAsync<string>("SELECT state_id FROM state");
        Assert.Contains("daily-csv", state);
    }
}
