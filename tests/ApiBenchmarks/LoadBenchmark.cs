using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Core.Data.Database;
using Tapline.TestSupport;

namespace Tapline.ApiBenchmarks;

/// <summary>Seeds, starts the Api, hammers runs list + run detail, prints p50/p99 and requests per second.</summary>
public static class LoadBenchmark
{
    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = cts.Token;
        var pg = await PostgresServer.GetAsync();
        var connectionString = await pg.CreateDatabaseAsync("apibench");
        await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(connectionString), cancellationToken: ct);

        var seed = Stopwatch.StartNew();
        await RunSeeder.SeedAsync(connectionString, options.Rows, ct);
        Console.WriteLine($"seeded {options.Rows:N0} runs rows in {seed.Elapsed.TotalSeconds:F1} s");

        var project = Directory.CreateTempSubdirectory("tapline-api-bench-").FullName;
        await using var api = await ApiProcess.StartWithAdminAsync(connectionString + ";Maximum Pool Size=100", project, new Dictionary<string, string>(), ct);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2 }) { BaseAddress = api.BaseAddress };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = ApiProcess.Admin, password = ApiProcess.Password }, ct);
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var first = await http.GetFromJsonAsync<JsonElement>("/api/v1/runs?pageSize=1", ct);
        var maxId = first.GetProperty("items")[0].GetProperty("id").GetInt64();
        var pages = Math.Max(1, options.Rows / 50);

        // Warm-up: JIT, connection pool, PostgreSQL caches.
        await LoadAsync(http, options.Clients, TimeSpan.FromSeconds(3), maxId, pages, ct);
        var (list, detail, errors, elapsed) = await LoadAsync(http, options.Clients, TimeSpan.FromSeconds(options.Seconds), maxId, pages, ct);

        Console.WriteLine($"load: {options.Clients} clients, {elapsed.TotalSeconds:F1} s, list (page of 50 with total) + detail alternating");
        Report("GET /api/v1/runs", list, elapsed);
        Report("GET /api/v1/runs/{id}", detail, elapsed);
        Report("both", [.. list, .. detail], elapsed);
        Console.WriteLine($"errors: {errors}");
        try { Directory.Delete(project, recursive: true); } catch (IOException) { }
        return errors == 0 ? 0 : 1;
    }

    private static async Task<(List<double> List, List<double> Detail, int Errors, TimeSpan Elapsed)> LoadAsync(
        HttpClient http, int clients, TimeSpan duration, long maxId, int pages, CancellationToken ct)
    {
        var list = new List<double>[clients];
        var detail = new List<double>[clients];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async c =>
        {
            list[c] = [];
            detail[c] = [];
            var random = new Random(c);
            while (clock.Elapsed < duration)
            {
                var sw = Stopwatch.StartNew();
                using (var r = await http.GetAsync($"/api/v1/runs?page={random.Next(1, Math.Min(pages, 20) + 1)}&pageSize=50", ct))
                {
                    await r.Content.CopyToAsync(Stream.Null, ct);
                    if (!r.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                list[c].Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                using (var r = await http.GetAsync($"/api/v1/runs/{random.NextInt64(1, maxId + 1)}", ct))
                {
                    await r.Content.CopyToAsync(Stream.Null, ct);
                    if (!r.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                detail[c].Add(sw.Elapsed.TotalMilliseconds);
            }
        });
        await Task.WhenAll(workers);
        return (list.SelectMany(x => x).ToList(), detail.SelectMany(x => x).ToList(), errors, clock.Elapsed);
    }

    private static void Report(string name, List<double> samples, TimeSpan elapsed)
    {
        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
        Console.WriteLine($"{name,-24} n={samples.Count,7:N0}  p50={P(0.50),6:F1} ms  p99={P(0.99),6:F1} ms  max={samples[^1],7:F1} ms  {samples.Count / elapsed.TotalSeconds,7:F0} req/s");
    }
}
