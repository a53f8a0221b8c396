using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Runner.Tests.Worker;
using Tapline.TestSupport;

namespace Tapline.Faults.Tests;

/// <summary>
/// One fault scenario: a project, a fresh database on this test process's own PostgreSQL (which
/// these tests stop and start), real <c>tapline worker</c> processes with the production defaults
/// for leases (heartbeat 5 s, stale after 30 s), and polling helpers.
/// </summary>
internal sealed class FaultFixture : IAsyncDisposable
{
    private readonly List<MultiProcessWorker> _workers = [];
    private readonly Dictionary<string, string> _database;

    private FaultFixture(PostgresServer server, SystemDbContextFactory factory, string connectionString)
    {
        Server = server;
        Factory = factory;
        Queue = new RunQueue(factory);
        State = new StateStore(factory);
        _database = new Dictionary<string, string> { ["ConnectionStrings__systemdb"] = connectionString };
    }

    public PostgresServer Server { get; }
    public SystemDbContextFactory Factory { get; }
    public RunQueue Queue { get; }
    public StateStore State { get; }
    public MultiProcessProject Project { get; } = FaultProject.Create();

    public static async Task<FaultFixture> CreateAsync()
    {
        // Its own server: these tests stop it, and test.sh shares one server between the test projects.
        var server = await PostgresServer.GetOwnAsync();
        var connectionString = await server.CreateDatabaseAsync("faults_system_database_");
        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(connectionString));
        return new FaultFixture(server, factory, connectionString);
    }

    public MultiProcessWorker StartWorker(int concurrency, IReadOnlyDictionary<string, string>? env = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["runner__concurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["runner__heartbeat_interval"] = "00:00:05",
            ["runner__stale_after"] = "00:00:30",
        };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var worker = MultiProcessWorker.Start(Project.Root, _database, settings);
        _workers.Add(worker);
        return worker;
    }

    public async Task<RunRecord> EnqueueAsync(string key) => (await Queue.EnqueueAsync(MultiProcessProject.Request(key))).Run;

    public async Task<RunStatus> StatusAsync(long id) => (await Queue.GetAsync(id))!.Status;

    public int Started(string key, int count) => Project.Ledger().Count(l => l.Key == key && l.Count == count && l.Event == "start");

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await Survives(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not within {within}: {what}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The test's own reads fail while the database is down or its pooled connections are stale: that is "not yet".</summary>
    private static async Task<bool> Survives(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException { InnerException: Npgsql.NpgsqlException })
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}
