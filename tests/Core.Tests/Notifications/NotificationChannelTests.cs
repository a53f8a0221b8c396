using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Notifications;
using Tapline.Core.Notifications.Channels;
using Tapline.Core.Tests.Data;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Notifications;

public class NotificationChannelTests
{
    private static NotificationMessage FailedRun() =>
        new(new NotificationEvent(NotificationEventKinds.RunFailed, new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc), "Run of schedule 'daily' failed")
        {
            RunId = Guid.NewGuid(), Pipeline = "dev:tap-csv-to-target-jsonl", Schedule = "daily", Status = "failed", Error = "tap-csv exited 1",
        });

    [Fact]
    public async Task Webhook_receives_the_signed_event_and_is_retried_after_a_500_with_a_log_row_per_attempt()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(500);
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Postgres);
        using var http = new HttpClient();
        var sender = new NotificationSender(http, factory) { Backoff = TimeSpan.FromMilliseconds(50) };
        var channel = new NotificationChannel("oncall", ChannelType.Webhook) { Url = receiver.Url, Secret = "s3cret" };

        var message = FailedRun();
        var result = await sender.SendAsync(channel, message, CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var body = requests[1].Body;
        Assert.Equal(body, requests[0].Body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("run_failed", json.RootElement.GetProperty("event").GetString());
        Assert.Equal(message.Event.RunId.ToString(), json.RootElement.GetProperty("run_id").GetString());
        Assert.Equal("tap-csv exited 1", json.RootElement.GetProperty("error").GetString());
        // The receiver checks the signature the way its docs say: HMAC-SHA256 of the raw body, hex.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes(body)));
        Assert.Equal(expected, requests[1].Headers[HttpTransport.SignatureHeader]);

        await using var db = factory.CreateDbContext();
        var log = await db.NotificationDeliveries.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([(1, 500, false), (2, 200, true)], log.Select(d => (d.Attempt, d.StatusCode ?? 0, d.Ok)).ToArray());
        Assert.All(log, d => Assert.Equal("oncall", d.Channel));
    }

    [Fact]
    public async Task Webhook_refused_with_a_4xx_is_not_retried()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(403);
        using var http = new HttpClient();
        var sender = new NotificationSender(http, null) { Backoff = TimeSpan.FromMilliseconds(10) };

        var result = await sender.SendAsync(new NotificationChannel("hook", ChannelType.Webhook) { Url = receiver.Url }, FailedRun(), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(403, result.StatusCode);
        Assert.Single(receiver.Requests);
        Assert.False(receiver.Requests.Single().Headers.ContainsKey(HttpTransport.SignatureHeader));
    }

    [Fact]
    public async Task Slack_channel_posts_only_a_text_field()
    {
        await using var receiver = new WebhookReceiver();
        using var http = new HttpClient();
        var sender = new NotificationSender(http, null);

        var result = await sender.SendAsync(new NotificationChannel("slack", ChannelType.Slack) { Url = receiver.Url }, FailedRun(), CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        using var json = JsonDocument.Parse(receiver.Requests.Single().Body);
        var text = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("text", text.Name);
        Assert.StartsWith("Run of schedule 'daily' failed", text.Value.GetString());
    }

    [Fact]
    public async Task Email_is_received_by_a_real_smtp_server()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        using var http = new HttpClient();
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var sender = new NotificationSender(http, factory);
        var channel = new NotificationChannel("mail", ChannelType.Email)
        {
            Smtp = new SmtpOptions("127.0.0.1", smtp.Port, SmtpSecurity.None, null, null, "tapline@example.com", ["oncall@example.com"]),
        };

        var result = await sender.SendAsync(channel, FailedRun(), CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        var output = await smtp.WaitForAsync("tap-csv exited 1");
        Assert.Contains("Subject: [Tapline] Run of schedule 'daily' failed", output);
        Assert.Contains("oncall@example.com", output);
        Assert.Contains("tap-csv exited 1", output);
        await using var db = factory.CreateDbContext();
        var row = await db.NotificationDeliveries.SingleAsync();
        Assert.True(row.Ok);
        Assert.Equal("email", row.ChannelType);
    }

    [Fact]
    public async Task Email_asking_for_starttls_from_a_server_without_it_fails_with_one_clear_reason()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        using var http = new HttpClient();
        var sender = new NotificationSender(http, null) { MaxAttempts = 1 };
        var channel = new NotificationChannel("mail", ChannelType.Email)
        {
            Smtp = new SmtpOptions("127.0.0.1", smtp.Port, SmtpSecurity.StartTls, "ops", "pw", "tapline@example.com", ["oncall@example.com"]),
        };

        var result = await sender.SendAsync(channel, FailedRun(), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Contains("STARTTLS", result.Error, StringComparison.OrdinalIgnoreCase);
    }
    [Fact]
    public async Task With_ui_server_name_every_channel_links_the_run_page_and_the_webhook_has_its_url()
    {
        await using var receiver = new WebhookReceiver();
        await using var smtp = await SmtpReceiver.StartAsync();
        using var http = new HttpClient();
        var sender = new NotificationSender(http, null);
        var message = FailedRun() with { UiBaseUrl = NotificationSettings.UiBaseUrlOf("tapline.example.com", secure: true) };
        var runUrl = $"https://tapline.example.com/runs/{message.Event.RunId}";

        Assert.True((await sender.SendAsync(new NotificationChannel("hook", ChannelType.Webhook) { Url = receiver.Url }, message, CancellationToken.None)).Ok);
        Assert.True((await sender.SendAsync(new NotificationChannel("slack", ChannelType.Slack) { Url = receiver.Url }, message, CancellationToken.None)).Ok);
        var mail = new NotificationChannel("mail", ChannelType.Email)
        {
            Smtp = new SmtpOptions("127.0.0.1", smtp.Port, SmtpSecurity.None, null, null, "tapline@example.com", ["oncall@example.com"]),
        };
        Assert.True((await sender.SendAsync(mail, message, CancellationToken.None)).Ok);

        var bodies = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        Assert.Equal(runUrl, bodies[0].GetProperty("url").GetString());
        Assert.Contains($"Log: {runUrl}", bodies[0].GetProperty("text").GetString());
        Assert.Contains($"Log: {runUrl}", bodies[1].GetProperty("text").GetString());
        Assert.Contains(runUrl, await smtp.WaitForAsync(runUrl));
    }

    [Fact]
    public async Task Without_ui_server_name_no_message_has_a_link()
    {
        await using var receiver = new WebhookReceiver();
        using var http = new HttpClient();
        var sender = new NotificationSender(http, null);
        var message = FailedRun() with { UiBaseUrl = NotificationSettings.UiBaseUrlOf(null, secure: true) };

        Assert.True((await sender.SendAsync(new NotificationChannel("hook", ChannelType.Webhook) { Url = receiver.Url }, message, CancellationToken.None)).Ok);

        using var json = JsonDocument.Parse(receiver.Requests.Single().Body);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("url").ValueKind);
        Assert.DoesNotContain("Log:", json.RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain("http", message.Text);
    }

    [Theory]
    [InlineData("tapline.example.com", true, "https://tapline.example.com")]
    [InlineData("tapline.example.com:5000/", false, "http://tapline.example.com:5000")]
    [InlineData("https://ops.example.com/", false, "https://ops.example.com")]
    public void Ui_server_name_becomes_the_ui_address_with_https_when_the_session_cookie_is_secure(string serverName, bool secure, string expected) =>
        Assert.Equal(expected, NotificationSettings.UiBaseUrlOf(serverName, secure));
}
