using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using Tapline.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>Issue 15's notification checklist in the browser: configure a webhook channel, send a test, see the delivery log.</summary>
public sealed class NotificationsPageTests(WritableTaplineApp app) : IClassFixture<WritableTaplineApp>
{
    static NotificationsPageTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Admin_configures_a_webhook_channel_sends_a_test_and_sees_it_in_the_delivery_log()
    {
        await using var receiver = new WebhookReceiver();
        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Region, new() { Name = "Add a channel" });
        await form.GetByLabel("Name").FillAsync("oncall");
        await form.GetByLabel("Type").SelectOptionAsync("webhook");
        await form.GetByLabel("URL").FillAsync(receiver.Url);
        await form.GetByLabel("Signing secret").FillAsync("e2e-signing-secret");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "oncall" }) });
        await Expect(row).ToContainTextAsync(receiver.Url);
        await Screenshots.SaveAsync(page, "15-notifications-channel");
        await row.GetByRole(AriaRole.Button, new() { Name = "Send test to oncall" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Status)).ToHaveTextAsync("delivered (200)");

        var log = page.GetByRole(AriaRole.Table, new() { Name = "Delivery log" });
        await Expect(log.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(new Regex("oncall.*test.*delivered \\(200\\)"));
        await Screenshots.SaveAsync(page, "16-notifications-delivery-log");
        var received = Assert.Single(receiver.Requests);
        Assert.Contains("\"event\":\"test\"", received.Body);
        Assert.Equal(64, received.Headers["X-Tapline-Signature"].Length);
        Assert.Contains("e2e-signing-secret", await File.ReadAllTextAsync(Path.Combine(app.ProjectRoot, "meltano.yml")));
        await page.Context.CloseAsync();
    }
}
