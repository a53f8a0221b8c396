using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Tests.Data;
using Tapline.TestSupport;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Tests.Notifications;

/// <summary>
/// What <c>tapline notify</c> runs is plain SQL (delivery rows, the saved configuration); the Api and the Scheduler
/// read and write the same rows through EF.
/// </summary>
public class NotificationSqlTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Delivery_rows_written_with_sql_read_back_through_ef_with_every_value(DatabaseProvider provider)
    {
        await using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(503);
        var factory = await TestDatabases.MigratedAsync(provider);
        // Microseconds: PostgreSQL keeps no finer, through EF or SQL alike.
        var at = new DateTimeOffset(2026, 12, 1, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        using var http = new HttpClient();
        var sender = new NotificationSender(http, factory, new ManualClock(at)) { Backoff = TimeSpan.Zero };
        var runId = Guid.NewGuid();
        var message = new NotificationMessage(new NotificationEvent(NotificationEventKinds.RunFailed, at.UtcDateTime, "Run failed")
        {
            RunId = runId, Pipeline = "dev:tap-csv-to-target-jsonl", Status = "failed",
        });

        var result = await sender.SendAsync(new NotificationChannel("oncall", ChannelType.Webhook) { Url = receiver.Url }, message, CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        await using var db = factory.CreateDbContext();
        var log = await db.NotificationDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(2, log.Count);
        foreach (var row in log)
        {
            Assert.Equal(at.UtcDateTime, row.At);
            Assert.Equal(DateTimeKind.Utc, row.At.Kind);
            Assert.Equal("oncall", row.Channel);
            Assert.Equal("webhook", row.ChannelType);
            Assert.Equal(NotificationEventKinds.RunFailed, row.EventKind);
            Assert.Equal(runId, row.RunId);
            Assert.Equal("dev:tap-csv-to-target-jsonl", row.Pipeline);
            Assert.True(row.DurationMs >= 0);
        }
        Assert.Equal([(1, false, 503), (2, true, 200)], log.Select(d => (d.Attempt, d.Ok, d.StatusCode ?? 0)).ToArray());
        Assert.False(string.IsNullOrEmpty(log[0].Error));
        Assert.Null(log[1].Error);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_delivery_without_run_or_pipeline_is_written_with_nulls(DatabaseProvider provider)
    {
        await using var receiver = new WebhookReceiver();
        var factory = await TestDatabases.MigratedAsync(provider);
        using var http = new HttpClient();
        var sender = new NotificationSender(http, factory);

        var result = await sender.SendAsync(new NotificationChannel("hook", ChannelType.Slack) { Url = receiver.Url },
            NotificationSender.TestMessage("hook", DateTime.UtcNow, "ada"), CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        await using var db = factory.CreateDbContext();
        var row = await db.NotificationDeliveries.AsNoTracking().SingleAsync();
        Assert.Equal(("hook", "slack", NotificationEventKinds.Test, 1, true, 200), (row.Channel, row.ChannelType, row.EventKind, row.Attempt, row.Ok, row.StatusCode ?? 0));
        Assert.Null(row.RunId);
        Assert.Null(row.Pipeline);
        Assert.Null(row.Error);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Configuration_saved_through_the_apis_path_is_read_by_the_sql_path_and_removing_it_falls_back_to_meltano_yml(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var dir = Directory.CreateTempSubdirectory("tapline-notify-config-");
        var meltanoYml = Path.Combine(dir.FullName, "meltano.yml");
        await File.WriteAllTextAsync(meltanoYml, """
            version: 1
            annotations:
              tapline:
                notifications:
                  channels:
                    fromfile: {type: webhook, url: "https://file.example/hook"}
            """);
        var saved = NotificationConfigReader.ParseText("test", """
            channels:
              fromdb: {type: webhook, url: "https://db.example/hook", secret: $HOOK_SECRET}
            """)!;

        await NotificationConfigStore.SaveToDatabaseAsync(factory, saved, "ada", DateTime.UtcNow, CancellationToken.None);
        var (node, source) = await NotificationConfigStore.LoadRawAsync(meltanoYml, factory, CancellationToken.None);

        Assert.Equal(NotificationConfigStore.DatabaseSource, source);
        Assert.Equal(ProjectFile.Serialize(saved), ProjectFile.Serialize(node!));
        var channels = (YamlMappingNode)node!.Children[new YamlScalarNode("channels")];
        Assert.Equal("$HOOK_SECRET", ((YamlScalarNode)((YamlMappingNode)channels.Children[new YamlScalarNode("fromdb")]).Children[new YamlScalarNode("secret")]).Value);

        await NotificationConfigStore.SaveToDatabaseAsync(factory, null, "ada", DateTime.UtcNow, CancellationToken.None);
        var (fromFile, fileSource) = await NotificationConfigStore.LoadRawAsync(meltanoYml, factory, CancellationToken.None);

        Assert.Equal(meltanoYml, fileSource);
        Assert.Contains("fromfile", ProjectFile.Serialize(fromFile!));
        dir.Delete(recursive: true);
    }
}
