using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>Issue 15's browser check: a failed run offers Retry, and the retry is a new run linked to it.</summary>
public sealed partial class RetryRunTests(WritableTaplineApp app) : IClassFixture<WritableTaplineApp>
{
    // A run on a loaded 2-core machine: claim, two plugin processes, state saved.
    private const float RunLimitMs = 180_000;

    static RetryRunTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Failed_run_shows_Retry_and_the_retry_is_a_new_run_linked_to_it_that_succeeds()
    {
        // The demo pipeline fails while its customers file is missing.
        var customers = Path.Combine(app.ProjectRoot, "data", "customers.csv");
        var aside = customers + ".aside";
        File.Move(customers, aside);

        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        await page.GotoAsync("/pipelines/daily-csv");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(RunPath());
        var failedId = RunPath().Match(page.Url).Groups[1].Value;
        await Expect(page.Locator(".page-head .chip")).ToHaveTextAsync(new Regex("failed$"), new() { Timeout = RunLimitMs });
        var summary = page.GetByRole(AriaRole.Region, new() { Name = "Summary" });
        await Expect(summary.GetByRole(AriaRole.Button, new() { Name = "Re-run" })).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "15-run-failed-with-retry");

        File.Move(aside, customers);
        await summary.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($@"/runs/(?!{failedId}$)\d+$"));
        var retryId = RunPath().Match(page.Url).Groups[1].Value;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Run {retryId}", Level = 1 })).ToBeVisibleAsync();
        var retrySummary = page.GetByRole(AriaRole.Region, new() { Name = "Summary" });
        await Expect(retrySummary).ToContainTextAsync("Retry of");
        await Expect(retrySummary.GetByRole(AriaRole.Link, new() { Name = $"Run {failedId}" })).ToBeVisibleAsync();
        await Expect(page.Locator(".page-head .chip")).ToHaveTextAsync(new Regex("success$"), new() { Timeout = RunLimitMs });
        await Expect(retrySummary.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "16-retry-succeeded");

        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"/runs/(\d+)$")]
    private static partial Regex RunPath();
}
