using System.Text.Json;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Scheduler.Tests.Support;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Notifications;

[Collection(SchedulerProcesses.Name)]
public sealed class SchedulerNotifierTests
{
    [Fact]
    public async Task Scheduler_sends_one_webhook_for_a_failing_every_second_schedule_then_one_with_the_count()
    {
        var db = await SystemDb.CreateAsync();
        using var project = new TestProject();
        await using var receiver = new WebhookReceiver();
        project.Write("schedules:\n" + TestProject.Schedule("every-second", "* * * * * *", "overlap: queue") + $$"""
            annotations:
              tapline:
                notifications:
                  channels:
                    oncall: {type: webhook, url: '{{receiver.Url}}', secret: $HOOK_SECRET}
                  rules:
                  - {events: [run_failed], channels: [oncall], group_window: 15s}

            """);
        await using var scheduler = SchedulerProcess.Start(project.Root, db.ConnectionString,
            new Dictionary<string, string> { ["scheduler__notify_interval"] = "00:00:01", ["HOOK_SECRET"] = "k" });

        // The test plays the Runner: once eight fires are queued it claims and fails them in one burst, so all eight
        // fall into one grouping window however slowly the machine runs.
        await SystemDb.EventuallyAsync(async () => (await db.FiresAsync("every-second")).Count >= 8, TimeSpan.FromSeconds(60),
            "eight fires of the every-second schedule", () => scheduler.Output);
        var queue = new RunQueue(new SystemDbContextFactory(SystemDatabaseConnection.FromNpgsqlConnectionString(db.ConnectionString)));
        for (var failed = 0; failed < 8; failed++)
        {
            var run = await queue.ClaimAsync("test-runner") ?? throw new InvalidOperationException("a fired run was not claimable");
            await queue.CompleteAsync(run.Id, "test-runner", RunOutcome.Failed("tap-csv exited 1"));
        }
        await SystemDb.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count >= 2), TimeSpan.FromSeconds(60),
            "the grouped message after the window", () => scheduler.Output);

        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        Assert.Equal(2, bodies.Length);
        Assert.StartsWith("Run of schedule 'every-second' failed", bodies[0].GetProperty("text").GetString());
        Assert.Equal(7, bodies[1].GetProperty("grouped").GetProperty("count").GetInt32());
        Assert.Contains("7 more failures since", bodies[1].GetProperty("text").GetString());
        Assert.All(receiver.Requests, r => Assert.Equal(64, r.Headers["X-Tapline-Signature"].Length));
    }
}
