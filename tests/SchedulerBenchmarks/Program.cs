using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tapline.Core.Data.Database;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Project;
using Tapline.Scheduler.Triggers;
using Tapline.TestSupport;

// Scale benchmark of the Scheduler (issue 5): N schedules on a clustered PostgreSQL job store.
//   dotnet run --project tests/SchedulerBenchmarks -c Release -- [schedules=10000] [fireSeconds=120] [periodMinutes=1]
// Prints load time (first load: all triggers created; reload: nothing changed), memory, and fire
// jitter (queued_at minus the scheduled fire time) percentiles over the fire phase.
var schedules = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var fireSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 120;
var periodMinutes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;

var pg = await PostgresServer.GetAsync();
var connectionString = await pg.CreateDatabaseAsync("tapline_scheduler_benchmark_db");
var database = SystemDatabaseConnection.FromNpgsqlConnectionString(connectionString);
await SystemDatabase.MigrateAsync(database);

var root = Directory.CreateTempSubdirectory("tapline-sched-bench-").FullName;
var yaml = new StringBuilder(
    """
    version: 1
    default_environment: dev
    plugins:
      extractors:
      - name: tap-csv
      loaders:
      - name: target-jsonl
    schedules:

    """);
// Every schedule fires once per period, spread evenly over its seconds: N / (60 * period) fires per second.
for (var i = 0; i < schedules; i++)
{
    var minute = periodMinutes == 1 ? "*" : $"{i / 60 % periodMinutes}/{periodMinutes}";
    yaml.Append(CultureInfo.InvariantCulture, $"- name: s{i:00000}\n  interval: '{i % 60} {minute} * * * *'\n  extractor: tap-csv\n  loader: target-jsonl\n  overlap: queue\n");
}
await File.WriteAllTextAsync(Path.Combine(root, "meltano.yml"), yaml.ToString());

var options = new SchedulerOptions { ProjectRoot = root };
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddTaplineScheduler(options, database);
using var host = builder.Build();

var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
var source = host.Services.GetRequiredService<IScheduleSource>();
var reconciler = host.Services.GetRequiredService<ScheduleReconciler>();

var cpu = Process.GetCurrentProcess();
var cpuStart = cpu.TotalProcessorTime;
var sw = Stopwatch.StartNew();
var loaded = await source.LoadAsync(CancellationToken.None);
var parseTime = sw.Elapsed;
var first = await reconciler.ReconcileAsync(loaded, CancellationToken.None);
var firstLoad = sw.Elapsed;
cpu.Refresh();
var firstLoadCpu = cpu.TotalProcessorTime - cpuStart;
cpuStart = cpu.TotalProcessorTime;
sw.Restart();
var second = await reconciler.ReconcileAsync(await source.LoadAsync(CancellationToken.None), CancellationToken.None);
var reload = sw.Elapsed;
cpu.Refresh();
var reloadCpu = cpu.TotalProcessorTime - cpuStart;
var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

Console.WriteLine($"schedules: {schedules} ({first.Added} added, {first.Invalid} invalid), each every {periodMinutes} min = {schedules / (60.0 * periodMinutes):0.0} fires/s");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"parse + compile meltano.yml: {parseTime.TotalMilliseconds:0} ms");
Console.WriteLine($"first load (parse + create all triggers in PostgreSQL): {firstLoad.TotalSeconds:0.00} s, Scheduler CPU {firstLoadCpu.TotalSeconds:0.00} s");
Console.WriteLine($"reload, nothing changed ({second.Kept} kept): {reload.TotalSeconds:0.00} s, Scheduler CPU {reloadCpu.TotalSeconds:0.00} s");
Console.WriteLine($"managed heap for the loaded schedules: {(memoryAfter - memoryBefore) / 1048576.0:0.0} MiB");

// Firing is measured as a Scheduler's first start sees it: a fresh store, the service's own start-up
// load while Quartz runs. (Starting the host above, on the store loaded 20 s ago, would measure this
// benchmark's pause between load and start: every fire due meanwhile arrives as a misfire backlog.)
var fireConnectionString = await pg.CreateDatabaseAsync("tapline_scheduler_benchmark_fire");
await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(fireConnectionString));
var fireBuilder = Host.CreateApplicationBuilder();
fireBuilder.Logging.SetMinimumLevel(LogLevel.Warning);
fireBuilder.Services.AddTaplineScheduler(options, SystemDatabaseConnection.FromNpgsqlConnectionString(fireConnectionString));
using var fireHost = fireBuilder.Build();
var fireStart = DateTimeOffset.UtcNow;
await fireHost.StartAsync();
await Task.Delay(TimeSpan.FromSeconds(fireSeconds));
await fireHost.StopAsync();
Console.WriteLine($"process working set after {fireSeconds} s of firing: {Environment.WorkingSet / 1048576.0:0} MiB");

await using (var dataSource = NpgsqlDataSource.Create(fireConnectionString))
{
    // Skip the first 10 s: the scheduler's start-up, not steady-state firing.
    await using var query = dataSource.CreateCommand(
        """
        WITH j AS (SELECT extract(epoch FROM queued_at - (payload::jsonb->>'fire_time')::timestamptz) AS jitter
                   FROM runs WHERE (payload::jsonb->>'fire_time')::timestamptz >= @from)
        SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY jitter), percentile_cont(0.99) WITHIN GROUP (ORDER BY jitter), max(jitter) FROM j
        """);
    query.Parameters.AddWithValue("from", fireStart.AddSeconds(10));
    await using var reader = await query.ExecuteReaderAsync();
    await reader.ReadAsync();
    var count = reader.GetInt64(0);
    var expected = (fireSeconds - 10) * schedules / (60 * periodMinutes);
    Console.WriteLine($"fires enqueued after warm-up: {count} (expected about {expected})");
    if (count > 0)
    {
        Console.WriteLine($"fire jitter (queued_at - fire time): p50 {reader.GetDouble(1) * 1000:0} ms, p99 {reader.GetDouble(2) * 1000:0} ms, max {reader.GetDecimal(3) * 1000:0} ms");
    }
    await using (var buckets = dataSource.CreateCommand(
        """
        SELECT floor(extract(epoch FROM (payload::jsonb->>'fire_time')::timestamptz - @from) / 10) * 10 AS bucket, count(*),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM queued_at - (payload::jsonb->>'fire_time')::timestamptz))
        FROM runs GROUP BY 1 ORDER BY 1
        """))
    {
        reader.Close();
        buckets.Parameters.AddWithValue("from", fireStart);
        await using var b = await buckets.ExecuteReaderAsync();
        while (await b.ReadAsync())
        {
            Console.WriteLine($"  fires due {b.GetDouble(0):+0;-0} s .. {b.GetDouble(0) + 10:+0;-0} s after start: {b.GetInt64(1)} fires, p99 jitter {b.GetDouble(2) * 1000:0} ms");
        }
    }
    Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    await using var dupes = dataSource.CreateCommand("SELECT count(*) FROM (SELECT payload::jsonb->>'fire_time', schedule_name FROM runs GROUP BY 1, 2 HAVING count(*) > 1) d");
    Console.WriteLine($"(schedule, fire time) enqueued twice: {await dupes.ExecuteScalarAsync()}");
}

Directory.Delete(root, recursive: true);
return 0;
