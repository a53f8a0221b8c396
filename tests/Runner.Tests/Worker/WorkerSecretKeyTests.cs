using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// Issue #12 item 12 on the worker path: a real <c>tapline worker</c> given <c>ui.secret_key</c> (as the AppHost gives it)
/// opens secrets another process stored, and the plugins it starts never see the key; given a key that cannot open
/// the stored key ring, it refuses to start with one line instead of failing the first run that needs a secret.
/// </summary>
public sealed class WorkerSecretKeyTests
{
    private const string Key = "worker-secret-key-0123456789abcdef0123456789abcdef";
    private const string Token = "tap-token-stored-in-the-database";

    private readonly MultiProcessProject _project = MultiProcessProject.Create();

    /// <summary>
    /// The project's tap declares a secret setting and writes the environment it was given; another process stores
    /// that secret with <see cref="Key"/>; one run is queued. The worker is started by the test.
    /// </summary>
    private async Task<(SystemDbContextFactory Factory, RunQueue Queue, RunRecord Run)> ArrangeAsync()
    {
        File.WriteAllText(Path.Combine(_project.Root, "meltano.yml"),
            File.ReadAllText(Path.Combine(_project.Root, "meltano.yml")).Replace("capabilities: [state]",
                "capabilities: [state]\n      settings:\n        - {name: token, kind: password}", StringComparison.Ordinal));
        var tap = Path.Combine(_project.Root, "tap.sh");
        File.WriteAllText(tap, File.ReadAllText(tap).Replace("#!/bin/sh\n", "#!/bin/sh\nenv > plugin-env.txt\n", StringComparison.Ordinal));
        var connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", _project.Root);
        var factory = await SystemDatabase.MigrateAsync(connection);
        await MultiProcessProject.SeedAsync(new StateStore(factory), MultiProcessProject.StateIdOf("secret"), "secret");
        await using (var writer = new ServiceCollection().AddLogging()
            .AddSystemDatabase(connection with { DataProtectionSecrets = new DataProtectionSecrets(Key) }).BuildServiceProvider())
        {
            await writer.GetRequiredService<PluginSettingsStore>().SetAsync("extractors", "tap-count", "token", Token, sensitive: true);
        }
        var queue = new RunQueue(factory);
        return (factory, queue, (await queue.EnqueueAsync(MultiProcessProject.Request("secret"))).Run);
    }

    private static async Task<RunRecord> EndedAsync(RunQueue queue, RunRecord run, MultiProcessWorker worker)
    {
        await WorkerTestHost.EventuallyAsync(async () => (await queue.GetAsync(run.Id))!.Status is not (RunStatus.Queued or RunStatus.Running),
            TimeSpan.FromMinutes(1), $"the run ended\n{worker.Output}");
        return (await queue.GetAsync(run.Id))!;
    }

    [Fact]
    public async Task A_worker_reads_a_secret_stored_by_another_process_with_the_same_key_and_its_plugins_never_see_the_key()
    {
        var (_, queue, run) = await ArrangeAsync();

        await using var worker = MultiProcessWorker.Start(_project.Root, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = Key });
        var ended = await EndedAsync(queue, run, worker);

        Assert.True(ended.Status == RunStatus.Success, $"{ended.Status} {ended.Error}\n{worker.Output}");
        var pluginEnv = File.ReadAllText(Path.Combine(_project.Root, "plugin-env.txt"));
        Assert.Contains($"TAP_COUNT_TOKEN={Token}\n", pluginEnv);
        Assert.DoesNotContain("MELTANO_UI_SECRET_KEY", pluginEnv);
        Assert.DoesNotContain(Key, pluginEnv);
    }

    [Fact]
    public async Task A_worker_with_another_key_refuses_to_start_with_one_line_naming_ui_secret_key_and_leaves_the_run_queued()
    {
        var (factory, queue, run) = await ArrangeAsync();

        await using (var worker = MultiProcessWorker.Start(_project.Root, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = "another-key-0123456789abcdef0123456789abcdef" }))
        {
            Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromMinutes(1)));

            AssertRefusal(worker.Output, "were encrypted with a different ui.secret_key (MELTANO_UI_SECRET_KEY); set the key the Api and the workers use, or, after changing it, list the old one in TAPLINE_PREVIOUS_SECRET_KEYS");
        }

        Assert.Equal(RunStatus.Queued, (await queue.GetAsync(run.Id))!.Status);
        Assert.False(File.Exists(Path.Combine(_project.Root, "plugin-env.txt")));
        await using var reader = new ServiceCollection().AddLogging()
            .AddSystemDatabase(factory.Connection with { DataProtectionSecrets = new DataProtectionSecrets(Key) }).BuildServiceProvider();
        Assert.Equal(Token, await reader.GetRequiredService<PluginSettingsStore>().GetAsync("extractors", "tap-count", "token"));
    }

    [Fact]
    public async Task A_worker_without_a_key_on_a_sealed_key_ring_refuses_to_start_naming_ui_secret_key()
    {
        var (_, queue, run) = await ArrangeAsync();

        await using var worker = MultiProcessWorker.Start(_project.Root, new Dictionary<string, string>());

        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        AssertRefusal(worker.Output, "are encrypted, but ui.secret_key (MELTANO_UI_SECRET_KEY) is not set");
        Assert.Equal(RunStatus.Queued, (await queue.GetAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task A_worker_given_a_new_key_and_the_old_one_in_TAPLINE_PREVIOUS_SECRET_KEYS_starts_and_reads_the_secret()
    {
        var (_, queue, run) = await ArrangeAsync();

        await using var worker = MultiProcessWorker.Start(_project.Root, new Dictionary<string, string>(), new Dictionary<string, string>
        {
            ["MELTANO_UI_SECRET_KEY"] = "the-new-key-0123456789abcdef0123456789abcdef",
            ["TAPLINE_PREVIOUS_SECRET_KEYS"] = Key,
        });
        var ended = await EndedAsync(queue, run, worker);

        Assert.True(ended.Status == RunStatus.Success, $"{ended.Status} {ended.Error}\n{worker.Output}");
        Assert.Contains($"TAP_COUNT_TOKEN={Token}\n", File.ReadAllText(Path.Combine(_project.Root, "plugin-env.txt")));
    }

    [Fact]
    public async Task A_worker_with_a_key_on_a_fresh_database_starts()
    {
        await SystemDatabase.MigrateAsync(DatabaseUri.Parse("sqlite:///.meltano/meltano.db", _project.Root));

        await using var worker = MultiProcessWorker.Start(_project.Root, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = Key });

        await worker.WaitHealthyAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>One line on the console says why the worker stopped and what to set; no stack trace.</summary>
    private static void AssertRefusal(string output, string reason)
    {
        var line = Assert.Single(output.Split('\n'), l => l.Contains("ui.secret_key", StringComparison.Ordinal));
        Assert.StartsWith("tapline worker: refusing to start: the Data Protection keys in the system database ", line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }
}
