using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.QueueBenchmarks;
using Tapline.Runner.Worker;
using Tapline.TestSupport;

// Queue benchmarks on a throwaway PostgreSQL 15 (or TAPLINE_TEST_POSTGRES):
//   1. claims/s: 4 workers (concurrency 4 each) drain N trivial runs;
//   2. enqueue -> executor start latency p50/p99, one idle worker, with NOTIFY and with polling only.
// Usage: dotnet run -c Release --project tests/QueueBenchmarks [-- runs=1000 samples=200]
var arguments = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
var runs = int.Parse(arguments.GetValueOrDefault("runs", "1000"));
var samples = int.Parse(arguments.GetValueOrDefault("samples", "200"));

var pg = await PostgresServer.GetAsync();

async Task<SystemDbContextFactory> FreshDatabaseAsync() =>
    await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(await pg.CreateDatabaseAsync("tapline_queue_benchmark_db_")));

IHost Worker(SystemDatabaseConnection connection, NoopRunExecutor executor, string id, bool listen)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["runner:concurrency"] = "4",
        ["runner:listen"] = listen ? "true" : "false",
        ["runner:poll_interval"] = "00:00:01",
    });
    builder.Services.AddLogging();
    builder.Services.AddSystemDatabase(connection);
    builder.Services.AddSingleton(new WorkerIdentity(id));
    builder.Services.AddSingleton<IRunExecutor>(executor);
    builder.Services.AddRunnerWorker(builder.Configuration);
    return builder.Build();
}

// 1. Throughput.
{
    var factory = await FreshDatabaseAsync();
    var queue = new RunQueue(factory);
    for (var i = 0; i < runs; i++)
    {
        await queue.EnqueueAsync(new RunRequest($"dev:bench-{i}", "tap-noop target-noop", RunTrigger.Schedule));
    }
    var executor = new NoopRunExecutor();
    var workers = Enumerable.Range(0, 4).Select(w => Worker(factory.Connection, executor, $"bench:{w}", listen: true)).ToArray();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(workers.Select(w => w.StartAsync()));
    while (true)
    {
        await using var context = factory.CreateDbContext();
        if (await context.Runs.CountAsync(r => r.Status == RunStatus.Success) == runs)
        {
            break;
        }
        await Task.Delay(20);
    }
    clock.Stop();
    await Task.WhenAll(workers.Select(w => w.StopAsync()));
    Console.WriteLine($"claims/s, 4 workers x concurrency 4, {runs} trivial runs: {runs / clock.Elapsed.TotalSeconds:F0} runs/s ({clock.Elapsed.TotalSeconds:F2} s, claim+execute+complete)");
}

// 2. Latency, NOTIFY vs polling.
foreach (var listen in new[] { true, false })
{
    var factory = await FreshDatabaseAsync();
    var enqueuer = new RunQueue(new SystemDbContextFactory(factory.Connection));
    var executor = new NoopRunExecutor();
    using var worker = Worker(factory.Connection, executor, "bench:latency", listen);
    await worker.StartAsync();
    await Task.Delay(500);
    var latencies = new List<double>(samples);
    var random = new Random(42);
    for (var i = 0; i < samples; i++)
    {
        var queuedAt = Stopwatch.GetTimestamp();
        var run = (await enqueuer.EnqueueAsync(new RunRequest($"dev:latency-{i}", "tap-noop target-noop", RunTrigger.Api))).Run;
        long startedAt;
        while (!executor.StartedAt.TryGetValue(run.Id, out startedAt))
        {
            await Task.Delay(1);
        }
        latencies.Add(Stopwatch.GetElapsedTime(queuedAt, startedAt).TotalMilliseconds);
        // Arrive at random points of the poll cycle, as real requests do.
        await Task.Delay(random.Next(0, 300));
    }
    await worker.StopAsync();
    latencies.Sort();
    double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
    Console.WriteLine($"queue -> executor start, {(listen ? "LISTEN/NOTIFY" : "polling (runner.poll_interval 1 s)")}, {samples} samples: p50 {Percentile(0.50):F1} ms, p99 {Percentile(0.99):F1} ms, max {latencies[^1]:F1} ms");
}
