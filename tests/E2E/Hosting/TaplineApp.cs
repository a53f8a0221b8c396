using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace Tapline.E2E.Hosting;

/// <summary>
/// Tapline started the way a user starts it — the AppHost, local PostgreSQL mode, a copy of
/// demo/ as the Meltano project, the Vite dev server as the UI — plus one headless Chromium.
/// Shared by a test class; every test opens its own browser context.
/// </summary>
public abstract class TaplineApp : IAsyncLifetime
{
    public const string AdminName = "admin";

    // initdb, PostgreSQL, three .NET services and Vite on a shared 2-core machine.
    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(5);

    private readonly IReadOnlyDictionary<string, string> _apiEnvironment;
    private readonly DemoProjectCopy _project = new();
    private DistributedApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <param name="apiEnvironment">Extra environment for the Api, set after the AppHost's own (so it wins).</param>
    protected TaplineApp(IReadOnlyDictionary<string, string> apiEnvironment)
    {
        _apiEnvironment = apiEnvironment;
    }

    public string ProjectRoot => _project.Root;

    /// <summary>The UI: the Vite dev server, which proxies <c>/api</c> to the Api.</summary>
    public Uri WebUrl { get; private set; } = null!;

    /// <summary>The bootstrap admin's one-time password, as the AppHost handed it to the Api.</summary>
    public string AdminPassword { get; private set; } = "";

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The app has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(StartupLimit);
        var ct = limit.Token;
        PrepareProject(_project.Root);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={_project.Root}",
            "Tapline:SystemDb:Mode=local",
        ], ct);
        var api = builder.CreateResourceBuilder<ProjectResource>("api");
        foreach (var (name, value) in _apiEnvironment)
        {
            api.WithEnvironment(name, value);
        }

        _app = await builder.BuildAsync(ct);
        await _app.StartAsync(ct);
        foreach (var resource in new[] { "api", "scheduler", "runner", "web" })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct);
        }

        var apiState = await _app.ResourceNotifications.WaitForResourceAsync(
            "api", e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == "TAPLINE_BOOTSTRAP_PASSWORD"), ct);
        AdminPassword = apiState.Snapshot.EnvironmentVariables.Single(v => v.Name == "TAPLINE_BOOTSTRAP_PASSWORD").Value
            ?? throw new InvalidOperationException("The AppHost gave the Api no TAPLINE_BOOTSTRAP_PASSWORD.");
        WebUrl = _app.GetEndpoint("web", "http");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Playwright cannot download its own browsers here; Debian's Chromium is installed by .ci/run.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await WarmUpAsync();
    }

    /// <summary>Changes the copy of demo/ before the AppHost starts (extra plugins and schedules of a test class).</summary>
    protected virtual void PrepareProject(string root)
    {
    }

    /// <summary>A new browser context (own cookies) at a desktop size, with generous waits for a loaded machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, BaseURL = WebUrl.ToString() });
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>An HTTP client straight to the Api (not through Vite).</summary>
    public HttpClient CreateApiClient() => App.CreateHttpClient("api");

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _project.Dispose();
    }

    /// <summary>
    /// Vite bundles the SPA's dependencies on the first page load (a minute or more on a fresh
    /// clone of a loaded machine) and may reload the page once when it finds more; let that
    /// happen here, not in the middle of a test.
    /// </summary>
    private async Task WarmUpAsync()
    {
        var page = await NewPageAsync();
        try
        {
            await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.Commit, Timeout = 180_000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync(new() { Timeout = 180_000 });
        }
        catch (TimeoutException e)
        {
            await Tapline.E2E.Browser.Screenshots.SaveAsync(page, "00-warm-up-failed");
            throw new TimeoutException($"The UI at {WebUrl} did not show its sign-in form; see 00-warm-up-failed.png.", e);
        }
        await page.Context.CloseAsync();
    }
}
