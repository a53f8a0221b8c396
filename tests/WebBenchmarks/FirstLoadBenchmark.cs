using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tapline.ApiBenchmarks;
using Tapline.Core.Data.Database;
using Tapline.TestSupport;

namespace Tapline.WebBenchmarks;

/// <summary>
/// Starts the Api serving the built SPA against a copy of demo/ and PostgreSQL, then times
/// cold page loads (a new browser context each: empty cache, no open connections) of a
/// signed-in user from navigation to the schedules table.
/// </summary>
public static class FirstLoadBenchmark
{
    private const string FirstPage = "/pipelines";
    private const int WarmUpLoads = 3;

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var ct = cts.Token;
        var web = Path.Combine(RepoPaths.Root, "web");
        var dist = options.WebRoot ?? Path.Combine(web, "dist");
        if (options.BuildWeb)
        {
            var build = Stopwatch.StartNew();
            await WebBuild.RunAsync(web, ct);
            Console.WriteLine($"built web/ in {build.Elapsed.TotalSeconds:F1} s");
        }
        if (!File.Exists(Path.Combine(dist, "index.html")))
        {
            Console.Error.WriteLine($"{dist}/index.html is missing: build the SPA (run without --no-web-build).");
            return 1;
        }

        var pg = await PostgresServer.GetAsync();
        var connectionString = await pg.CreateDatabaseAsync("webbench");
        await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(connectionString), cancellationToken: ct);
        var project = CopyDemo();
        try
        {
            // What publishing puts in the Api's wwwroot: the same files, served by the same code.
            var webRoot = new Dictionary<string, string> { ["ASPNETCORE_WEBROOT"] = dist };
            await using var api = await ApiProcess.StartWithAdminAsync(connectionString, project, webRoot, ct);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                // As tests/E2E: Playwright cannot download its browsers here; Debian's Chromium is installed by .ci/run.
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });

            // The Api's first answers pay JIT and connection pools; the measured loads are cold for the browser only.
            for (var i = 0; i < WarmUpLoads; i++)
            {
                await LoadAsync(browser, api.BaseAddress, options.Network);
            }
            var cold = new List<Load>();
            var repeat = new List<Load>();
            for (var i = 0; i < options.Loads; i++)
            {
                var (first, again) = await LoadAsync(browser, api.BaseAddress, options.Network);
                cold.Add(first);
                repeat.Add(again);
            }

            var network = options.Network?.ToString() ?? "loopback";
            PrintTimes($"first load of {FirstPage} to the schedules table (signed in, new browser context each), {cold.Count} loads, network: {network}:", cold);
            Console.WriteLine("  where it goes (median ms from navigation start to each response read):");
            var steps = cold.SelectMany(l => l.Milestones).GroupBy(m => m.Key, m => m.Value);
            foreach (var (name, at) in steps.Select(g => (g.Key, Median([.. g.Order()]))).OrderBy(p => p.Item2))
            {
                Console.WriteLine($"    {at,6:F0}  {name}");
            }
            await PrintApiAloneAsync(api.BaseAddress, ct);
            WireBytes.Print("a cold load", [.. cold.Select(l => l.Wire)]);
            PrintBundle(dist, cold[^1].Assets, cold[^1].Wire);
            // The same user opening the page again in a new tab: hashed assets come from the browser's cache.
            PrintTimes($"repeat visit of {FirstPage} (a new tab in the same browser context, after the first load), network: {network}:", repeat);
            WireBytes.Print("a repeat visit", [.. repeat.Select(l => l.Wire)]);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(project, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder harms nothing.
            }
        }
    }

    private sealed record Load(double Ms, IReadOnlyList<string> Assets, Dictionary<string, double> Milestones, WireBytes Wire);

    /// <summary>A new browser context (empty cache, no connections), signed in; a first visit, then a repeat visit in a new tab.</summary>
    private static async Task<(Load Cold, Load Repeat)> LoadAsync(IBrowser browser, Uri baseAddress, EmulatedNetwork? network)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        // Signing in through the context's request client stores the refresh cookie as the form would, without loading the page first.
        var login = await context.APIRequest.PostAsync("/api/v1/auth/login", new() { DataObject = new { username = ApiProcess.Admin, password = ApiProcess.Password } });
        if (!login.Ok)
        {
            throw new InvalidOperationException($"signing in answered {login.Status}: {await login.TextAsync()}");
        }
        var cold = await VisitAsync(context, network);
        var repeat = await VisitAsync(context, network);
        return (cold, repeat);
    }

    private static async Task<Load> VisitAsync(IBrowserContext context, EmulatedNetwork? network)
    {
        var page = await context.NewPageAsync();
        if (network is not null)
        {
            var devTools = await context.NewCDPSessionAsync(page);
            await devTools.SendAsync("Network.enable");
            var bytesPerSecond = network.Mbit * 1_000_000 / 8;
            await devTools.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
            {
                ["offline"] = false,
                ["latency"] = network.RttMs,
                ["downloadThroughput"] = bytesPerSecond,
                ["uploadThroughput"] = bytesPerSecond,
            });
        }
        var assets = new List<string>();
        var milestones = new Dictionary<string, double>();
        var finished = new List<IRequest>();
        var clock = new Stopwatch();
        page.Request += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            if (path.StartsWith("/assets/", StringComparison.Ordinal))
            {
                lock (assets)
                {
                    assets.Add(path);
                }
            }
        };
        // When each response had been read, from the start of navigation: where the time goes.
        page.RequestFinished += (_, request) =>
        {
            var path = new Uri(request.Url).AbsolutePath;
            var name = path.StartsWith("/assets/", StringComparison.Ordinal) ? path[..Math.Max(path.IndexOf('-', StringComparison.Ordinal), 8)] : path;
            lock (milestones)
            {
                milestones.TryAdd(name, clock.Elapsed.TotalMilliseconds);
                finished.Add(request);
            }
        };
        clock.Start();
        await page.GotoAsync(FirstPage, new() { WaitUntil = WaitUntilState.Commit });
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = "daily-csv", Exact = true })
            .WaitForAsync(new() { Timeout = 60_000 });
        clock.Stop();
        List<IRequest> read;
        List<string> loaded;
        Dictionary<string, double> steps;
        lock (assets)
        lock (milestones)
        {
            // What a user waited for: the responses read by the time the table showed.
            read = [.. finished];
            loaded = assets.Distinct().ToList();
            steps = new Dictionary<string, double>(milestones);
        }
        var wire = await WireBytes.OfAsync(read);
        await page.CloseAsync();
        return new Load(clock.Elapsed.TotalMilliseconds, loaded, steps, wire);
    }

    private static void PrintTimes(string title, IReadOnlyList<Load> loads)
    {
        var times = loads.Select(l => l.Ms).Order().ToList();
        Console.WriteLine(title);
        Console.WriteLine($"  median {Median(times):F0} ms  min {times[0]:F0} ms  p90 {times[(int)(0.9 * (times.Count - 1))]:F0} ms  max {times[^1]:F0} ms");
    }

    /// <summary>The page's Api calls without a browser (warm, one after another): what of the load is the server's.</summary>
    private static async Task PrintApiAloneAsync(Uri baseAddress, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = baseAddress };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = ApiProcess.Admin, password = ApiProcess.Password }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine("  the Api alone (HttpClient, warm, median of 20):");
        // The refresh cookie rotates on each POST; the handler's cookie container keeps the newest.
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/auth/refresh"), (HttpMethod.Get, "/api/v1/identity"), (HttpMethod.Get, "/api/v1/schedules") })
        {
            var samples = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.SendAsync(new HttpRequestMessage(method, path), ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                response.EnsureSuccessStatusCode();
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"    {Median([.. samples.Order()]),6:F1}  {method} {path}");
        }
    }

    private static void PrintBundle(string dist, IReadOnlyList<string> assets, WireBytes wire)
    {
        long raw = 0, gzip = 0, sent = 0;
        Console.WriteLine($"first-load JS+CSS ({assets.Count} files; gzip level 9 as Vite reports; body on the wire and its Content-Encoding, last load):");
        foreach (var asset in assets.Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(Path.Combine(dist, asset.TrimStart('/')));
            var compressed = GzipLength(bytes);
            var (body, coding) = wire.Bodies.GetValueOrDefault(asset);
            raw += bytes.Length;
            gzip += compressed;
            sent += body;
            Console.WriteLine($"  {asset,-48} {bytes.Length / 1024.0,8:F1} KB  gzip {compressed / 1024.0,7:F1} KB  wire {body / 1024.0,7:F1} KB {coding ?? "identity"}");
        }
        Console.WriteLine($"  total {raw / 1024.0:F1} KB, gzip {gzip / 1024.0:F1} KB, wire {sent / 1024.0:F1} KB");
    }

    private static long GzipLength(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return buffer.Length;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>demo/'s project (meltano.yml and its data), the schedules a new user sees.</summary>
    private static string CopyDemo()
    {
        var project = Directory.CreateTempSubdirectory("tapline-web-bench-").FullName;
        var demo = Path.Combine(RepoPaths.Root, "demo");
        File.Copy(Path.Combine(demo, "meltano.yml"), Path.Combine(project, "meltano.yml"));
        var data = Directory.CreateDirectory(Path.Combine(project, "data")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(demo, "data")))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }
        return project;
    }
}
