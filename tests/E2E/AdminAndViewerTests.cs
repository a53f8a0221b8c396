using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>
/// Issue 7's browser checklist on the app as the AppHost starts it: sign in, the demo
/// pipeline, Run now, the live log, success with record counts, every page, and a viewer.
/// </summary>
public sealed partial class AdminAndViewerTests(WatchableRunTaplineApp app, ITestOutputHelper output) : IClassFixture<WatchableRunTaplineApp>
{
    // A run on a loaded 2-core machine: claim, two plugin processes, state saved.
    private const float RunLimitMs = 180_000;

    static AdminAndViewerTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task Admin_signs_in_runs_the_demo_pipeline_and_watches_its_log_arrive_until_success()
    {
        var page = await app.NewPageAsync();
        await LogStatusRecorder.InstallAsync(page);
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword, screenshot: "01-sign-in");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pipelines", Level = 1 })).ToBeVisibleAsync();
        var demo = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "daily-csv", Exact = true }) });
        await Expect(demo).ToContainTextAsync("tap-csv");
        await Expect(demo).ToContainTextAsync("target-jsonl");
        await Screenshots.SaveAsync(page, "02-pipelines");

        // The demo's tap into a loader slow enough (~6 s) that the run can be watched while it runs.
        var watched = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = WatchableRunTaplineApp.Schedule, Exact = true }) });
        await Expect(watched).ToContainTextAsync(WatchableRunTaplineApp.Loader);
        await watched.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(RunPath());
        var runId = RunPath().Match(page.Url).Groups[1].Value;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Run {runId}", Level = 1 })).ToBeVisibleAsync();

        // The stream delivers the run's elt.log lines (timestamp, source, " | ", text) into the Log region.
        var log = page.GetByRole(AriaRole.Region, new() { Name = "Log" });
        await Expect(log).ToContainTextAsync($"tapline | Block tap-csv {WatchableRunTaplineApp.Loader} started", new() { Timeout = RunLimitMs });
        await Screenshots.SaveAsync(page, "03-run-log-arriving");

        var logStatus = page.Locator(".log-viewer").GetByRole(AriaRole.Status);
        await Expect(logStatus).ToContainTextAsync("Run ended: success", new() { Timeout = RunLimitMs });
        await Expect(page.Locator(".page-head .chip")).ToHaveTextAsync(new Regex("success$"));
        await Expect(log).ToContainTextAsync("tap-csv exited with code 0");
        await Expect(log).ToContainTextAsync($"{WatchableRunTaplineApp.Loader} exited with code 0");

        await Expect(StreamRecords(page, "customers")).ToHaveTextAsync("5");
        await Expect(StreamRecords(page, "orders")).ToHaveTextAsync("6");
        // Bytes travel engine -> run row -> Api -> page (the page showed "—" when they were dropped).
        await Expect(StreamCell(page, "customers", 1)).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (B|KiB|MiB)$"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Summary" })).ToContainTextAsync(WatchableRunTaplineApp.Schedule);
        await Screenshots.SaveAsync(page, "04-run-success");

        // The log was followed live: this page saw the run still queued or running, its stream was Live before the
        // end and lines kept arriving while it was (the count grew between Live statuses), then the end event came
        // without a reload.
        var (logStatuses, runStatuses) = await LogStatusRecorder.ReadAsync(page);
        output.WriteLine($"run chip: {string.Join(" -> ", runStatuses)}");
        output.WriteLine($"log status: {string.Join(" -> ", logStatuses)}");
        Assert.Matches(new Regex("(queued|running)$"), runStatuses[0]);
        Assert.EndsWith("success", runStatuses[^1], StringComparison.Ordinal);
        Assert.StartsWith("Connecting", logStatuses[0], StringComparison.Ordinal);
        var liveCounts = logStatuses
            .TakeWhile(s => !s.StartsWith("Run ended", StringComparison.Ordinal))
            .Select(s => LiveLineCount().Match(s))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.NotEmpty(liveCounts);
        Assert.True(liveCounts.Distinct().Count(c => c > 0) >= 2, $"lines should arrive while the stream is live; live counts seen: {string.Join(", ", liveCounts)}");
        Assert.Matches(new Regex(@"^Run ended: success · [1-9][\d,]* lines?$"), logStatuses[^1]);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_opens_for_the_admin()
    {
        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

        foreach (var (link, file) in new[] { ("Runs", "05-runs"), ("Plugins", "06-plugins"), ("State", "07-state"), ("Users", "08-users"), ("Account", "09-account") })
        {
            await nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(link);
            await Expect(page.GetByText(new Regex("^Loading"))).ToHaveCountAsync(0);
            await Screenshots.SaveAsync(page, file);
        }

        await page.GotoAsync("/plugins/extractors/tap-csv");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("tap-csv");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit files" })).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "10-plugin-tap-csv");

        await page.GotoAsync("/pipelines/daily-csv");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("daily-csv");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run now" })).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, "11-pipeline-daily-csv");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_added_on_the_Users_page_cannot_open_Users()
    {
        const string viewer = "viewer-e2e";
        const string viewerPassword = "a-viewer-password-1";

        var admin = await app.NewPageAsync();
        await SignIn.AsAsync(admin, TaplineApp.AdminName, app.AdminPassword);
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        var add = admin.GetByRole(AriaRole.Region, new() { Name = "Add a user" });
        await add.GetByLabel("Username").FillAsync(viewer);
        await add.GetByLabel("Role").SelectOptionAsync("viewer");
        await add.GetByLabel("Password").FillAsync(viewerPassword);
        await add.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { Has = admin.GetByRole(AriaRole.Rowheader, new() { Name = viewer }) });
        await Expect(row.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {viewer}" })).ToHaveValueAsync("viewer");
        await Screenshots.SaveAsync(admin, "12-users-with-viewer");
        await admin.Context.CloseAsync();

        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, viewer, viewerPassword);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Pipelines" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        var runNow = page.GetByRole(AriaRole.Button, new() { Name = "Run now" }).First;
        await Expect(runNow).ToBeDisabledAsync();
        await Expect(runNow).ToHaveAttributeAsync("title", new Regex("viewer"));
        await Screenshots.SaveAsync(page, "13-pipelines-as-viewer");

        await page.GotoAsync("/users");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Only admins can manage users");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add user" })).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "14-users-as-viewer");
        await page.Context.CloseAsync();

        using var api = await ApiSession.SignInAsync(app, viewer, viewerPassword);
        using var users = await api.GetAsync("/api/v1/users");
        Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        Assert.Equal("application/problem+json", users.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_broken_schedule_is_listed_with_its_error()
    {
        var yml = Path.Combine(app.ProjectRoot, "meltano.yml");
        var original = await File.ReadAllTextAsync(yml);
        await File.WriteAllTextAsync(yml, original.Replace("schedules:\n", "schedules:\n- name: broken-e2e\n  interval: '0 2 * * *'\n  timezone: Mars/Olympus\n  extractor: tap-csv\n  loader: target-jsonl\n"));
        try
        {
            var page = await app.NewPageAsync();
            await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
            var row = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "broken-e2e", Exact = true }) });
            await Expect(row.GetByRole(AriaRole.Note)).ToContainTextAsync("Mars/Olympus");
            await Screenshots.SaveAsync(page, "15-broken-schedule");
            await page.Context.CloseAsync();
        }
        finally
        {
            await File.WriteAllTextAsync(yml, original);
        }
    }

    private static ILocator StreamRecords(IPage page, string stream) => StreamCell(page, stream, 0);

    /// <summary>A cell of the run page's Streams table: 0 records, 1 bytes.</summary>
    private static ILocator StreamCell(IPage page, string stream, int column) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Streams" })
            .GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = stream, Exact = true }) })
            .GetByRole(AriaRole.Cell)
            .Nth(column);

    [GeneratedRegex(@"/runs/(\d+)$")]
    private static partial Regex RunPath();

    [GeneratedRegex(@"^Live · ([\d,]+) lines?$")]
    private static partial Regex LiveLineCount();
}
