using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Settings;
using Tapline.Scheduler.Tests.Support;

namespace Tapline.Scheduler.Tests.Hosting;

/// <summary>
/// The Scheduler checks the stored Data Protection key ring against its <c>ui.secret_key</c> at start: with a key
/// that cannot open it, it stops with one line before it fires anything, instead of queueing runs whose secrets no
/// process given its configuration could read.
/// </summary>
[Collection(SchedulerProcesses.Name)]
public sealed class SecretKeyStartTests : IDisposable
{
    private const string Key = "scheduler-secret-key-0123456789abcdef0123456789abcdef";

    private readonly TestProject _project = new();

    private string DatabaseFile => Path.Combine(_project.Root, ".meltano", "meltano.db");

    /// <summary>A project firing every second, over a SQLite database whose key ring another process sealed with <see cref="Key"/>.</summary>
    private async Task ArrangeSealedRingAsync()
    {
        _project.Write("schedules:\n" + TestProject.Schedule("tick", "* * * * * *", "overlap: queue"));
        var connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", _project.Root);
        await SystemDatabase.MigrateAsync(connection);
        await using var other = new ServiceCollection().AddLogging()
            .AddSystemDatabase(connection with { DataProtectionSecrets = new DataProtectionSecrets(Key) }).BuildServiceProvider();
        await other.GetRequiredService<PluginSettingsStore>().SetAsync("extractors", "tap-csv", "token", "stored-secret", sensitive: true);
    }

    private async Task<long> QueuedAsync() =>
        await SystemDb.SqliteScalarAsync(DatabaseFile, "SELECT count(*) FROM runs WHERE schedule_name = 'tick'") as long? ?? 0;

    [Fact]
    public async Task A_scheduler_with_another_key_refuses_to_start_with_one_line_naming_ui_secret_key_and_fires_nothing()
    {
        await ArrangeSealedRingAsync();

        await using var scheduler = SchedulerProcess.Start(_project.Root, connectionString: null,
            new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = "another-key-0123456789abcdef0123456789abcdef" });

        Assert.Equal(1, await scheduler.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var line = Assert.Single(scheduler.Output.Split('\n'), l => l.Contains("ui.secret_key", StringComparison.Ordinal));
        Assert.Equal("refusing to start: the Data Protection keys in the system database were encrypted with a different "
            + "ui.secret_key (MELTANO_UI_SECRET_KEY); set the key the Api and the workers use, or, after changing it, "
            + "list the old one in TAPLINE_PREVIOUS_SECRET_KEYS", line);
        Assert.DoesNotContain("   at ", scheduler.Output);
        Assert.Equal(0, await QueuedAsync());
    }

    [Fact]
    public async Task A_scheduler_with_the_key_that_sealed_the_ring_starts_and_fires()
    {
        await ArrangeSealedRingAsync();

        await using var scheduler = SchedulerProcess.Start(_project.Root, connectionString: null,
            new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = Key });

        await SystemDb.EventuallyAsync(async () => await QueuedAsync() > 0, TimeSpan.FromSeconds(90), "a fire in .meltano/meltano.db", () => scheduler.Output);
        Assert.False(scheduler.HasExited, scheduler.Output);
    }

    public void Dispose() => _project.Dispose();
}
