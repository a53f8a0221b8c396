using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Settings;

namespace Tapline.Faults.Tests;

/// <summary>
/// A <c>tapline worker</c> started while PostgreSQL is down (a restart of the database, a deployment that brings the
/// services up first) waits for it with one line per attempt, and checks its <c>ui.secret_key</c> against the stored
/// key ring only once the database answers: an outage is never mistaken for a wrong key, nor a wrong key let through.
/// </summary>
public sealed class StartDuringOutageTests
{
    private const string Key = "outage-secret-key-0123456789abcdef0123456789abcdef";

    private static async Task SealRingAsync(FaultFixture f)
    {
        await using var other = new ServiceCollection().AddLogging()
            .AddSystemDatabase(f.Factory.Connection with { DataProtectionSecrets = new DataProtectionSecrets(Key) }).BuildServiceProvider();
        await other.GetRequiredService<PluginSettingsStore>().SetAsync("extractors", "tap-count", "token", "stored-secret", sensitive: true);
    }

    /// <summary>Starts a worker with <paramref name="key"/> while the server is stopped, and restarts the server once the worker says it waits.</summary>
    private static async Task<Runner.Tests.Worker.MultiProcessWorker> StartDuringOutageAsync(FaultFixture f, string key)
    {
        await f.Server.StopAsync();
        try
        {
            var worker = f.StartWorker(1, new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = key });
            await worker.WaitForOutputAsync("does not answer", TimeSpan.FromMinutes(1));
            // Two attempts: it keeps waiting, rather than giving up after the first.
            await FaultFixture.UntilAsync(() => Task.FromResult(worker.Output.Split("does not answer").Length > 2), TimeSpan.FromMinutes(1), "a second attempt");
            Assert.False(worker.HasExited, worker.Output);
            return worker;
        }
        finally
        {
            await f.Server.RestartAsync();
        }
    }

    [Fact]
    public async Task A_worker_started_while_PostgreSQL_is_down_waits_for_it_then_starts_with_the_right_key()
    {
        await using var f = await FaultFixture.CreateAsync();
        await SealRingAsync(f);

        var worker = await StartDuringOutageAsync(f, Key);

        await worker.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        Assert.DoesNotContain("   at ", worker.Output);
        Assert.DoesNotContain("refusing to start", worker.Output);
    }

    [Fact]
    public async Task A_worker_started_while_PostgreSQL_is_down_with_a_wrong_key_refuses_once_the_database_answers()
    {
        await using var f = await FaultFixture.CreateAsync();
        await SealRingAsync(f);

        var worker = await StartDuringOutageAsync(f, "another-key-0123456789abcdef0123456789abcdef");

        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("tapline worker: refusing to start: the Data Protection keys in the system database were encrypted with a different ui.secret_key (MELTANO_UI_SECRET_KEY)", worker.Output);
        Assert.DoesNotContain("   at ", worker.Output);
    }
}
