using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Core.Tests.Data;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Notifications;

public class NotifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    private sealed record Setup(SystemDbContextFactory Factory, ManualClock Clock, WebhookReceiver Receiver, HttpClient Http, NotificationSettings Settings)
        : IAsyncDisposable
    {
        public Notifier Notifier(string holder = "scheduler-1") =>
            new(Factory, new NotificationSender(Http, Factory, Clock) { Backoff = TimeSpan.Zero }, _ => Task.FromResult(Settings), holder, Clock);

        public async Task FinishRunAsync(string status, string schedule = "every-second", string stateId = "dev:tap-csv-to-target-jsonl")
        {
            await using var db = Factory.CreateDbContext();
            db.Runs.Add(new RunRecord
            {
                RunId = Guid.NewGuid(), StateId = stateId, Block = "tap-csv target-jsonl", ScheduleName = schedule,
                Status = Enum.Parse<RunStatus>(status, ignoreCase: true), Trigger = RunTrigger.Schedule,
                QueuedAt = Clock.GetUtcNow().UtcDateTime, EndedAt = Clock.GetUtcNow().UtcDateTime,
                Error = status == "failed" ? "tap-csv exited 1" : null,
            });
            await db.SaveChangesAsync();
        }

        public string[] Texts() => Receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()!).ToArray();

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Receiver.DisposeAsync();
        }
    }

    private static async Task<Setup> SetUpAsync(DatabaseProvider provider, params string[] events)
    {
        var receiver = new WebhookReceiver();
        var channel = new NotificationChannel("oncall", ChannelType.Webhook) { Url = receiver.Url, Secret = "k" };
        var rule = new NotificationRule(0, events.ToHashSet(), ["oncall"]) { GroupWindow = TimeSpan.FromMinutes(1) };
        var settings = new NotificationSettings(new Dictionary<string, NotificationChannel> { ["oncall"] = channel }, [rule]);
        var setup = new Setup(await TestDatabases.MigratedAsync(provider), new ManualClock(Start), receiver, new HttpClient(), settings);
        // The first pass sets the cursor: what ended before the notifier existed is not news.
        await setup.Notifier().RunPassAsync(CancellationToken.None);
        return setup;
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task Every_second_failing_schedule_sends_one_message_then_one_with_the_count(DatabaseProvider provider)
    {
        await using var s = await SetUpAsync(provider, NotificationEventKinds.RunFailed);
        var notifier = s.Notifier();
        for (var i = 0; i < 30; i++)
        {
            s.Clock.Advance(TimeSpan.FromSeconds(1));
            await s.FinishRunAsync("failed");
            await notifier.RunPassAsync(CancellationToken.None);
        }
        Assert.Single(s.Receiver.Requests);
        Assert.StartsWith("Run of schedule 'every-second' failed", s.Texts()[0]);

        s.Clock.Advance(TimeSpan.FromSeconds(31));
        await notifier.RunPassAsync(CancellationToken.None);

        var texts = s.Texts();
        Assert.Equal(2, texts.Length);
        Assert.Contains("29 more failures since 2026-12-01 03:00:01Z", texts[1]);
        using var grouped = JsonDocument.Parse(s.Receiver.Requests.Last().Body);
        Assert.Equal(29, grouped.RootElement.GetProperty("grouped").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Success_after_failures_sends_recovered_once_and_a_plain_success_sends_nothing()
    {
        await using var s = await SetUpAsync(DatabaseProvider.Postgres, NotificationEventKinds.RunRecovered);
        var notifier = s.Notifier();
        await s.FinishRunAsync("success");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("failed");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("dead");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("success");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("success");
        await notifier.RunPassAsync(CancellationToken.None);

        var text = Assert.Single(s.Texts());
        Assert.StartsWith("Run of schedule 'every-second' succeeded again after failures", text);
    }

    [Fact]
    public async Task A_restarted_notifier_neither_repeats_nor_loses_events()
    {
        await using var s = await SetUpAsync(DatabaseProvider.Postgres, NotificationEventKinds.RunFailed);
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("failed", schedule: "a", stateId: "dev:a");
        await s.Notifier().RunPassAsync(CancellationToken.None);
        // A new process (same holder name after a restart) with a run that ended while it was down.
        s.Clock.Advance(TimeSpan.FromSeconds(5));
        await s.FinishRunAsync("failed", schedule: "b", stateId: "dev:b");
        await s.Notifier().RunPassAsync(CancellationToken.None);
        await s.Notifier().RunPassAsync(CancellationToken.None);

        var texts = s.Texts();
        Assert.Equal(2, texts.Length);
        Assert.StartsWith("Run of schedule 'a' failed", texts[0]);
        Assert.StartsWith("Run of schedule 'b' failed", texts[1]);
    }

    [Fact]
    public async Task A_second_replica_waits_for_the_lease_and_takes_over_when_it_goes_stale()
    {
        await using var s = await SetUpAsync(DatabaseProvider.Postgres, NotificationEventKinds.RunFailed);
        var first = s.Notifier("scheduler-1");
        var second = s.Notifier("scheduler-2");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("failed");

        Assert.False(await second.RunPassAsync(CancellationToken.None));
        Assert.Empty(s.Receiver.Requests);
        s.Clock.Advance(Notifier.LeaseFor + TimeSpan.FromSeconds(1));
        Assert.True(await second.RunPassAsync(CancellationToken.None));
        Assert.False(await first.RunPassAsync(CancellationToken.None));
        Assert.Single(s.Receiver.Requests);
    }

    [Fact]
    public async Task A_schedule_error_in_schedule_status_is_sent_once_until_it_changes()
    {
        await using var s = await SetUpAsync(DatabaseProvider.Postgres, NotificationEventKinds.ScheduleBroken);
        await using (var db = s.Factory.CreateDbContext())
        {
            db.ScheduleStatus.Add(new ScheduleStatusRecord { Name = "nightly", Error = "meltano.yml:12:15: bad cron", UpdatedAt = Start.UtcDateTime });
            await db.SaveChangesAsync();
        }
        var notifier = s.Notifier();
        await notifier.RunPassAsync(CancellationToken.None);
        await notifier.RunPassAsync(CancellationToken.None);

        var text = Assert.Single(s.Texts());
        Assert.Contains("Schedule 'nightly' cannot run", text);
        Assert.Contains("meltano.yml:12:15: bad cron", text);
        await using var check = s.Factory.CreateDbContext();
        Assert.Equal(1, await check.NotificationDeliveries.CountAsync(d => d.EventKind == NotificationEventKinds.ScheduleBroken));
    }

    [Fact]
    public async Task A_stalled_run_sends_run_stalled_and_a_later_success_counts_as_recovered()
    {
        await using var s = await SetUpAsync(DatabaseProvider.Postgres, NotificationEventKinds.RunStalled, NotificationEventKinds.RunRecovered);
        var notifier = s.Notifier();
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("stalled");
        s.Clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("success");
        await notifier.RunPassAsync(CancellationToken.None);

        var texts = s.Texts();
        Assert.Equal(2, texts.Length);
        Assert.StartsWith("Run of schedule 'every-second' stalled", texts[0]);
        Assert.StartsWith("Run of schedule 'every-second' succeeded again after failures", texts[1]);
    }
    [Fact]
    public async Task The_scheduler_s_notifier_links_a_failed_run_to_its_page_from_ui_server_name_in_the_project_settings()
    {
        await using var receiver = new WebhookReceiver();
        var root = Path.Combine(Path.GetTempPath(), "tapline-notify-link", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "meltano.yml"), $"""
            version: 1
            ui:
              session_cookie_secure: true
            annotations:
              tapline:
                notifications:
                  rules:
                    - events: [run_failed]
                      channels: [oncall]
                  channels:
                    oncall:
                      type: webhook
                      url: {receiver.Url}
            """);
        // As the Scheduler does: the project opened with its process environment, where the operator set the name.
        var env = new Dictionary<string, string> { ["MELTANO_UI_SERVER_NAME"] = "tapline.example.com" };
        var project = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = env });
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        using var http = new HttpClient();
        var clock = new ManualClock(Start);
        var notifier = new Notifier(factory, new NotificationSender(http, factory, clock) { Backoff = TimeSpan.Zero },
            ct => NotificationConfigStore.LoadAsync(project, factory, ct), "scheduler-1", clock);
        await notifier.RunPassAsync(CancellationToken.None);
        var s = new Setup(factory, clock, receiver, http, NotificationSettings.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await s.FinishRunAsync("failed");

        await notifier.RunPassAsync(CancellationToken.None);

        await using var db = factory.CreateDbContext();
        var run = await db.Runs.SingleAsync();
        using var json = JsonDocument.Parse(receiver.Requests.Single().Body);
        Assert.Equal($"https://tapline.example.com/runs/{run.RunId}", json.RootElement.GetProperty("url").GetString());
    }
}
