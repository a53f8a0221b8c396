using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>
/// Issue 16's state console and catalog, in a browser: rewind one bookmark (a wrong type refused under the field),
/// the diff between the run's state and the edit, restore of the run's entry; the catalog tree of tap-csv with a
/// stream unticked and saved to meltano.yml.
/// </summary>
public sealed class StateConsoleAndCatalogTests(WritableTaplineApp app) : IClassFixture<WritableTaplineApp>
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(3);

    static StateConsoleAndCatalogTests() => SetDefaultExpectTimeout(30_000);

    /// <summary>Runs daily-csv through the Api and waits for its end: state saved, the tap's catalog cached.</summary>
    private async Task<JsonElement> RunDemoAsync()
    {
        using var api = await ApiSession.SignInAsync(app, TaplineApp.AdminName, app.AdminPassword);
        using var started = await api.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv" });
        started.EnsureSuccessStatusCode();
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        return await WaitAsync(api, id);
    }

    /// <summary>Polls run <paramref name="id"/> until it ends; it must end in success.</summary>
    private static async Task<JsonElement> WaitAsync(HttpClient api, long id)
    {
        var deadline = DateTime.UtcNow + RunLimit;
        while (true)
        {
            var run = await api.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{id}");
            var status = run.GetProperty("status").GetString();
            if (status is not ("queued" or "running"))
            {
                Assert.Equal("success", status);
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"run {id} still {status} after {RunLimit}");
            await Task.Delay(500);
        }
    }

    private static ILocator BookmarkValue(IPage page, string stream) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Streams and bookmarks" }).Locator($"tr[data-stream='{stream}'] td[data-label='Value']").First;

    [Fact]
    public async Task Admin_rewinds_a_bookmark_sees_the_diff_and_restores_the_runs_state()
    {
        var run = await RunDemoAsync();
        var stateId = run.GetProperty("stateId").GetString()!;
        var runId = run.GetProperty("runId").GetGuid();
        using var api = await ApiSession.SignInAsync(app, TaplineApp.AdminName, app.AdminPassword);
        var state = Uri.EscapeDataString(stateId);
        var runEntry = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/state/{state}/history")).EnumerateArray()
            .First(h => h.TryGetProperty("runId", out var r) && r.ValueKind == JsonValueKind.String && r.GetGuid() == runId).GetProperty("id").GetInt64();

        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        await page.GotoAsync($"/state?id={state}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Streams and bookmarks" })).ToContainTextAsync("orders");
        var runValue = (await BookmarkValue(page, "orders").InnerTextAsync()).Trim();
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T"), runValue);
        await Screenshots.SaveAsync(page, "state-01-streams");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit bookmark of orders" }).ClickAsync();
        await page.GetByLabel("New timestamp value").FillAsync("last tuesday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save bookmark" }).ClickAsync();
        await Expect(page.Locator(".field-error")).ToContainTextAsync("Stream 'orders'");
        await Expect(page.Locator(".field-error")).ToContainTextAsync("'last tuesday' is not an ISO 8601 timestamp");
        await Screenshots.SaveAsync(page, "state-02-wrong-type-refused");

        await page.GetByLabel("New timestamp value").FillAsync("2026-01-01T00:00:00Z");
        await page.GetByLabel("Reason (kept in the history)").FillAsync("e2e: reload orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save bookmark" }).ClickAsync();
        await Expect(BookmarkValue(page, "orders")).ToHaveTextAsync("2026-01-01T00:00:00Z");

        var history = page.GetByRole(AriaRole.Table, new() { Name = "State history" });
        var editRow = history.GetByRole(AriaRole.Row).Filter(new() { HasText = "e2e: reload orders" });
        await Expect(editRow).ToContainTextAsync(TaplineApp.AdminName);
        var editEntry = long.Parse((await editRow.GetAttributeAsync("data-entry"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel($"Compare from entry {runEntry}", new() { Exact = true }).CheckAsync();
        await page.GetByLabel($"Compare to entry {editEntry}", new() { Exact = true }).CheckAsync();
        var diff = page.GetByRole(AriaRole.Table, new() { Name = "Bookmark changes" });
        await Expect(diff.GetByRole(AriaRole.Row).Filter(new() { HasText = "orders" })).ToContainTextAsync(runValue);
        await Expect(diff.GetByRole(AriaRole.Row).Filter(new() { HasText = "orders" })).ToContainTextAsync("2026-01-01T00:00:00Z");
        await Expect(diff).Not.ToContainTextAsync("customers");
        await Screenshots.SaveAsync(page, "state-03-diff");

        await history.Locator($"tr[data-entry='{runEntry}']").GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore state" }).ClickAsync();
        await Expect(BookmarkValue(page, "orders")).ToHaveTextAsync(runValue);
        await Screenshots.SaveAsync(page, "state-04-restored");

        var restored = await api.GetFromJsonAsync<JsonElement>($"/api/v1/state/{state}");
        var orders = restored.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == "orders");
        Assert.Equal(runValue, orders.GetProperty("values")[0].GetProperty("value").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_unticks_a_stream_in_the_catalog_tree_and_the_selection_is_saved_to_meltano_yml()
    {
        await RunDemoAsync();
        var yml = Path.Combine(app.ProjectRoot, "meltano.yml");
        var original = await File.ReadAllTextAsync(yml);
        try
        {
            var page = await app.NewPageAsync();
            await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
            await page.GotoAsync("/plugins/extractors/tap-csv");
            var tree = page.GetByRole(AriaRole.List, new() { Name = "Catalog of tap-csv" });
            var customers = tree.Locator("li[data-stream='customers']");
            await Expect(customers.Locator(".badge").First).ToHaveTextAsync("selected");
            await Expect(customers).ToContainTextAsync("updated_at");
            await Screenshots.SaveAsync(page, "catalog-01-tree");

            await customers.GetByRole(AriaRole.Checkbox, new() { Name = "customers" }).UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save selection" }).ClickAsync();
            await Expect(customers.Locator(".badge").First).ToHaveTextAsync("excluded");
            await Expect(tree.Locator("li[data-stream='orders'] .badge").First).ToHaveTextAsync("selected");
            await Screenshots.SaveAsync(page, "catalog-02-saved");

            // The page edits the environment its picker shows (the project's default, dev), as settings do: the
            // plugin's own select stays, the dev environment's entry for tap-csv gets the new list.
            var saved = await File.ReadAllTextAsync(yml);
            var environments = saved.IndexOf("\nenvironments:", StringComparison.Ordinal);
            Assert.Equal(original[..original.IndexOf("\nenvironments:", StringComparison.Ordinal)], saved[..environments]);
            var lines = saved[environments..].Split('\n').Select(l => l.Trim()).ToList();
            Assert.Equal(["- name: tap-csv", "select:", "- orders.*", "- \"!customers\"", "- name: staging"],
                lines.SkipWhile(l => l != "- name: dev").SkipWhile(l => l != "- name: tap-csv").Take(5));
            await page.Context.CloseAsync();
        }
        finally
        {
            await File.WriteAllTextAsync(yml, original);
        }
    }

    [Fact]
    public async Task Backfill_stream_on_the_state_page_reloads_only_that_stream()
    {
        var run = await RunDemoAsync();
        var state = Uri.EscapeDataString(run.GetProperty("stateId").GetString()!);

        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        await page.GotoAsync($"/state?id={state}");
        var orders = page.GetByRole(AriaRole.Table, new() { Name = "Streams and bookmarks" }).Locator("tr[data-stream='orders']");
        await orders.GetByRole(AriaRole.Button, new() { Name = "Backfill stream" }).ClickAsync();
        await Screenshots.SaveAsync(page, "state-05-backfill-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start backfill" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
        var id = long.Parse(new Regex(@"/runs/(\d+)$").Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        using var api = await ApiSession.SignInAsync(app, TaplineApp.AdminName, app.AdminPassword);
        var backfill = await WaitAsync(api, id);
        var records = backfill.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("stream").GetString()!, s => s.GetProperty("records").GetInt64());
        Assert.Equal(6, records["orders"]);
        Assert.Equal(0, records.GetValueOrDefault("customers"));
        await page.Context.CloseAsync();
    }
}
