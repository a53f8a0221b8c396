using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tapline.E2E.Browser;
using Tapline.E2E.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Tapline.E2E;

/// <summary>
/// A second AppHost start with ui.readonly and project_readonly on the Api: the admin sees
/// every page, no write control is enabled (each says why), and the Api refuses writes.
/// </summary>
public sealed partial class ReadOnlyModeTests(ReadOnlyTaplineApp app) : IClassFixture<ReadOnlyTaplineApp>
{
    static ReadOnlyModeTests() => SetDefaultExpectTimeout(30_000);

    /// <summary>Each page, and a control that shows the page has loaded and must be disabled there.</summary>
    private static readonly (string Path, string Screenshot, AriaRole Role, string Name)[] Pages =
    [
        ("/pipelines", "20-readonly-pipelines", AriaRole.Button, "Run now"),
        ("/pipelines/daily-csv", "21-readonly-pipeline", AriaRole.Button, "Run now"),
        ("/runs", "22-readonly-runs", AriaRole.Heading, "Runs"),
        ("/plugins/extractors/tap-csv", "23-readonly-plugin", AriaRole.Button, "Edit files"),
        ("/state", "24-readonly-state", AriaRole.Heading, "State"),
        ("/users", "25-readonly-users", AriaRole.Button, "Add user"),
        ("/account", "26-readonly-account", AriaRole.Button, "Change password"),
    ];

    [Fact]
    public async Task Read_only_mode_shows_no_enabled_write_control_on_any_page()
    {
        var page = await app.NewPageAsync();
        await SignIn.AsAsync(page, TaplineApp.AdminName, app.AdminPassword);
        var banner = page.GetByRole(AriaRole.Banner);
        await Expect(banner).ToContainTextAsync("UI read-only");
        await Expect(banner).ToContainTextAsync("project read-only");

        foreach (var (path, screenshot, role, name) in Pages)
        {
            await page.GotoAsync(path);
            var marker = page.GetByRole(role, new() { Name = name, Exact = true }).First;
            await Expect(marker).ToBeVisibleAsync();
            if (role == AriaRole.Button)
            {
                await Expect(marker).ToBeDisabledAsync();
            }
            await Expect(page.GetByText(new Regex("^Loading"))).ToHaveCountAsync(0);

            foreach (var control in await WriteControlsAsync(page))
            {
                Assert.True(control.Disabled, $"{path}: the write control '{control.Name}' is enabled in read-only mode.");
                Assert.Contains("read-only", control.Title, StringComparison.Ordinal);
            }
            await Screenshots.SaveAsync(page, screenshot);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Read_only_Api_refuses_writes_with_403_problems_that_say_why()
    {
        using var api = await ApiSession.SignInAsync(app, TaplineApp.AdminName, app.AdminPassword);

        using var identity = await api.GetFromJsonAsync<JsonDocument>("/api/v1/identity");
        Assert.True(identity!.RootElement.GetProperty("uiReadonly").GetBoolean());
        Assert.True(identity.RootElement.GetProperty("projectReadonly").GetBoolean());
        Assert.False(identity.RootElement.GetProperty("canWrite").GetBoolean());

        await AssertRefusedAsync(await api.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv" }));
        await AssertRefusedAsync(await api.PostAsync("/api/v1/schedules/daily-csv/disable", null));
        await AssertRefusedAsync(await api.PostAsJsonAsync("/api/v1/users", new { name = "someone", role = "viewer", password = "a-long-password-1" }));

        // Nothing was written: no run queued from here (the demo's 5-minute schedule may have fired), the schedule still enabled in meltano.yml.
        using var runs = await api.GetFromJsonAsync<JsonDocument>("/api/v1/runs?trigger=api");
        Assert.Equal(0, runs!.RootElement.GetProperty("total").GetInt32());
        Assert.DoesNotContain("someone", await api.GetStringAsync("/api/v1/users"), StringComparison.Ordinal);
        using var schedule = await api.GetFromJsonAsync<JsonDocument>("/api/v1/schedules/daily-csv");
        Assert.True(schedule!.RootElement.GetProperty("enabled").GetBoolean());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(body);
            var detail = problem.RootElement.GetProperty("detail").GetString();
            Assert.Contains("read-only", detail, StringComparison.Ordinal);
        }
    }

    /// <summary>Every control on the page that would change something, by its accessible name.</summary>
    private static async Task<IReadOnlyList<WriteControl>> WriteControlsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => JSON.stringify([...document.querySelectorAll('button, select, input[type=submit]')]
              .filter(el => el.closest('header') === null && el.closest('.log-viewer') === null)
              .map(el => ({
                name: (el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '').trim(),
                disabled: el.disabled,
                title: el.getAttribute('title') ?? '',
                inTable: el.closest('table') !== null,
                tag: el.tagName,
              })))
            """);
        var controls = JsonSerializer.Deserialize<WriteControl[]>(json, JsonSerializerOptions.Web) ?? [];
        return controls.Where(c => WriteName().IsMatch(c.Name) || (c.Tag == "SELECT" && c.InTable)).ToList();
    }

    [GeneratedRegex(@"^(Run now|New schedule|Edit\b.*|Enable\b.*|Disable\b.*|Delete\b.*|Cancel run|Clear state|Restore\b.*|Add user|Reset password\b.*|Change password|Save\b.*|Set password)$")]
    private static partial Regex WriteName();

    private sealed record WriteControl(string Name, bool Disabled, string Title, bool InTable, string Tag);
}
