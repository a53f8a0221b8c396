using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.TestSupport;

namespace Tapline.Api.Tests.Notifications;

public sealed class NotificationsEndpointTests
{
    private static async Task<(ApiHost Host, HttpClient Admin)> StartAsync(bool projectReadonly = false)
    {
        var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_PROJECT_READONLY"] = projectReadonly ? "true" : "false" });
        await DemoProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        return (host, host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword)));
    }

    private static object Webhook(string url, string secret) => new { type = "webhook", url, secret };

    [Fact]
    public async Task Admin_adds_a_webhook_channel_to_meltano_yml_sees_its_secret_redacted_and_sends_a_signed_test()
    {
        var (host, admin) = await StartAsync();
        using var _ = host;
        using var __ = admin;
        await using var receiver = new WebhookReceiver();

        (await admin.PutAsJsonAsync("/api/v1/notifications/channels/oncall", Webhook(receiver.Url, "literal-secret-1"))).EnsureSuccessStatusCode();
        // Saved again as the form shows it: the redacted secret keeps the stored one.
        (await admin.PutAsJsonAsync("/api/v1/notifications/channels/oncall", Webhook(receiver.Url, "(redacted)"))).EnsureSuccessStatusCode();

        var yaml = await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml"));
        Assert.Contains("notifications:", yaml);
        Assert.Contains("literal-secret-1", yaml);
        var view = await admin.GetStringAsync("/api/v1/notifications");
        Assert.DoesNotContain("literal-secret-1", view);
        var channel = JsonDocument.Parse(view).RootElement.GetProperty("channels")[0];
        Assert.Equal(("oncall", "(redacted)"), (channel.GetProperty("name").GetString(), channel.GetProperty("secret").GetString()));

        var test = await admin.PostAsync("/api/v1/notifications/channels/oncall/test", null);
        test.EnsureSuccessStatusCode();
        Assert.True(JsonDocument.Parse(await test.Content.ReadAsStringAsync()).RootElement.GetProperty("ok").GetBoolean());
        var received = Assert.Single(receiver.Requests);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("literal-secret-1"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes(received.Body)));
        Assert.Equal(expected, received.Headers["X-Tapline-Signature"]);
        var log = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/notifications/deliveries?channel=oncall")).RootElement;
        Assert.Equal(200, log[0].GetProperty("statusCode").GetInt32());

        await using var db = await host.DbAsync();
        var audit = await db.AuditLog.Where(a => a.Action == "save_channel").OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.Contains("\"secret\":\"(redacted)\"", audit[1].Before);
        Assert.DoesNotContain("literal-secret-1", string.Concat(audit.Select(a => a.Before + a.After)));
    }

    [Fact]
    public async Task On_a_read_only_project_channels_and_rules_are_kept_in_the_system_database_and_meltano_yml_is_untouched()
    {
        var (host, admin) = await StartAsync(projectReadonly: true);
        using var _ = host;
        using var __ = admin;
        var before = await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml"));

        (await admin.PutAsJsonAsync("/api/v1/notifications/channels/oncall", Webhook("https://hooks.example.com/x", "$HOOK_SECRET"))).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/notifications/rules", new { rules = new[] { new { events = new[] { "run_failed" }, channels = new[] { "oncall" }, groupWindow = "5m" } } }))
            .EnsureSuccessStatusCode();

        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml")));
        var view = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/notifications")).RootElement;
        Assert.True(view.GetProperty("storedInDatabase").GetBoolean());
        Assert.Equal("$HOOK_SECRET", view.GetProperty("channels")[0].GetProperty("secret").GetString());
        Assert.Equal("5m", view.GetProperty("rules")[0].GetProperty("groupWindow").GetString());
    }

    [Fact]
    public async Task A_rule_naming_an_unknown_event_is_refused_with_the_reason_and_nothing_is_written()
    {
        var (host, admin) = await StartAsync();
        using var _ = host;
        using var __ = admin;

        var response = await admin.PutAsJsonAsync("/api/v1/notifications/rules", new { rules = new[] { new { events = new[] { "run_exploded" }, channels = new[] { "nobody" } } } });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("unknown event 'run_exploded'", detail);
        Assert.DoesNotContain("notifications", await File.ReadAllTextAsync(Path.Combine(host.ProjectRoot, "meltano.yml")));
    }

    [Fact]
    public async Task A_viewer_may_not_read_channels()
    {
        var (host, admin) = await StartAsync();
        using var _ = host;
        using var __ = admin;
        await host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        using var viewer = host.ClientWithToken(await host.LoginAsync("bob", Secrets.ViewerPassword));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/notifications")).StatusCode);
    }
}
