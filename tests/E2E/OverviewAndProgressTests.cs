using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>
/// Issue 16 in a browser: the overview with a running, a failed and a stale pipeline at once,
/// and a run page whose progress and Singer metrics arrive live while the run runs.
/// </summary>
public sealed partial class OverviewAndProgressTests(InsightTaplineApp app) : IClassFixture<InsightTaplineApp>
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    static OverviewAndProgressTests() => SetDefaultExpectTimeout(60_000);

    [Fact]
    public async Task Overview_shows_a_running_a_failed_and_a_stale_pipeline_and_the_run_page_follows_live_progress_and_metrics()
    {
        using var api = await ApiSession.SignInAsync(app, TaplineApp.AdminName, app.AdminPassword);
        var daily = await StartAsync(api, "daily-csv");
        var broken = await StartAsync(api, "broken-load");
        var slow = await StartAsync(api, "slow-events");
        Assert.Equal("success", await WaitUntilAsync(api, daily, s => s is not ("queued" or "running")));
        Assert.Equal("failed", await WaitUntilAsync(api, broken, s => s is not ("queued" or "running")));
        Assert.Equal("running", await WaitUntilAsync(api, slow, s => s != "queued"));

        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        var running = page.GetByRole(AriaRole.Region, new() { Name = "Running now" });
        await Expect(running).ToContainTextAsync("slow-events");
        await Expect(running.GetByRole(AriaRole.Row).Filter(new() { HasText = "slow-events" }).GetByRole(AriaRole.Cell).Last)
            .ToHaveTextAsync(Number(), new() { Timeout = 60_000 });
        var failures = page.GetByRole(AriaRole.Region, new() { Name = "Failures in the last 24 h" });
        await Expect(failures).ToContainTextAsync("broken-load");
        await Expect(failures).ToContainTextAsync("Loader failed: target-fail exited with code 1");
        var stale = page.GetByRole(AriaRole.Region, new() { Name = "Stale data" });
        await Expect(stale.GetByRole(AriaRole.Row).Filter(new() { HasText = "daily-csv" }).First).ToContainTextAsync("stale");
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Runs of the last 24 hours by pipeline" })).ToContainTextAsync("broken-load");
        await Screenshots.SaveAsync(page, "insight-01-overview");

        await page.GotoAsync($"/runs/{slow}");
        var progress = page.GetByRole(AriaRole.Region, new() { Name = "Progress" });
        await Expect(progress).ToContainTextAsync("live");
        var events = progress.GetByRole(AriaRole.Table, new() { Name = "Stream progress" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "events" });
        await Expect(events.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync(Number());
        var first = await events.GetByRole(AriaRole.Cell).Nth(0).TextContentAsync();
        // Records keep arriving without a reload: the count shown moves past the first one read.
        await Expect(events.GetByRole(AriaRole.Cell).Nth(0)).Not.ToHaveTextAsync(first!);
        await Expect(events.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync(Number());
        await Expect(progress.GetByRole(AriaRole.Img, new() { Name = "Records over time per stream" }).Locator("canvas")).ToBeVisibleAsync();
        await Expect(progress.GetByRole(AriaRole.Img, new() { Name = "HTTP request duration p50 and p95 and failed requests per stream" }).Locator("canvas")).ToBeVisibleAsync();
        var http = progress.GetByRole(AriaRole.Table, new() { Name = "HTTP requests" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "events" });
        await Expect(http.GetByRole(AriaRole.Cell).Last).Not.ToHaveTextAsync("0");
        await Screenshots.SaveAsync(page, "insight-02-run-progress");
        await page.Context.CloseAsync();
    }

    private static async Task<long> StartAsync(HttpClient api, string schedule)
    {
        using var response = await api.PostAsJsonAsync("/api/v1/runs", new { schedule });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Run now of {schedule}: {(int)response.StatusCode} {body}");
        using var run = JsonDocument.Parse(body);
        return run.RootElement.GetProperty("id").GetInt64();
    }

    private static async Task<string> WaitUntilAsync(HttpClient api, long id, Func<string, bool> done)
    {
        using var limit = new CancellationTokenSource(RunLimit);
        while (true)
        {
            using var run = await api.GetFromJsonAsync<JsonDocument>($"/api/v1/runs/{id}", limit.Token);
            var status = run!.RootElement.GetProperty("status").GetString()!;
            if (done(status))
            {
                return status;
            }

            await Task.Delay(500, limit.Token);
        }
    }

    [GeneratedRegex(@"^\d[\d,]*$")]
    private static partial Regex Number();
}
