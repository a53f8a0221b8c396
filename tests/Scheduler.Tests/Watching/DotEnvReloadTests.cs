using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Watching;

/// <summary>
/// The Scheduler follows the active environment the way the Api and the Runner resolve it (Core's
/// ProjectPlaces): <c>MELTANO_ENVIRONMENT</c> written to .env while it runs changes the state ids of
/// the runs it queues. Before, .env was read once at start and the Scheduler queued into the old environment.
/// </summary>
[Collection(SchedulerProcesses.Name)]
public sealed class DotEnvReloadTests
{
    [Fact]
    public async Task Meltano_environment_written_to_dotenv_while_running_moves_the_next_fires_to_that_environment()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        File.WriteAllText(project.MeltanoYml, TestProject.Plugins.Replace("- name: dev\n", "- name: dev\n- name: prod\n", StringComparison.Ordinal)
            + "schedules:\n- name: tick\n  interval: '* * * * * *'\n  job: csv-to-jsonl\n  overlap: queue\n");

        await using var scheduler = SchedulerProcess.Start(project.Root, db.ConnectionString);
        await SystemDb.EventuallyAsync(async () => (await StateIdsAsync(db)).Contains("dev:tap-csv-to-target-jsonl"), TimeSpan.FromSeconds(60),
            "a fire in meltano.yml's default environment", () => scheduler.Output);

        await File.WriteAllTextAsync(Path.Combine(project.Root, ".env"), "MELTANO_ENVIRONMENT=prod\n");

        await SystemDb.EventuallyAsync(async () => (await StateIdsAsync(db)).Contains("prod:tap-csv-to-target-jsonl"), TimeSpan.FromSeconds(30),
            "a fire in the environment .env selects", () => scheduler.Output);
        Assert.Contains("Active environment is now prod", scheduler.Output);
    }

    private static Task<IReadOnlyList<string>> StateIdsAsync(SystemDb db) =>
        db.ScalarsAsync<string>("SELECT DISTINCT state_id FROM runs WHERE schedule_name = 'tick'");
}
