using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Settings;

namespace Tapline.Api.Tests.Meta;

/// <summary>
/// The Api checks the stored Data Protection key ring against its <c>ui.secret_key</c> at start, as a real process:
/// a key that cannot open the ring stops it with one line and exit 1, instead of an Api that answers until someone
/// opens a plugin's stored secret.
/// </summary>
public sealed class SecretKeyStartTests : IDisposable
{
    private const string RingKey = "key-that-sealed-the-ring-0123456789abcdef0123456789";

    private readonly string _root = Directory.CreateTempSubdirectory("tapline-api-key-").FullName;

    /// <summary>The project's SQLite database with a plugin secret another process stored under <see cref="RingKey"/>.</summary>
    private async Task SealRingAsync()
    {
        var connection = DatabaseUri.Parse("sqlite:///.meltano/meltano.db", _root);
        await SystemDatabase.MigrateAsync(connection);
        await using var other = new ServiceCollection().AddLogging()
            .AddSystemDatabase(connection with { DataProtectionSecrets = new DataProtectionSecrets(RingKey) }).BuildServiceProvider();
        await other.GetRequiredService<PluginSettingsStore>().SetAsync("extractors", "tap-github", "auth_token", "stored-secret", sensitive: true);
    }

    [Fact]
    public async Task An_api_with_another_key_refuses_to_start_with_one_line_naming_ui_secret_key()
    {
        await SealRingAsync();

        var (started, _) = ApiProcess.Start(_root, new Dictionary<string, string>());
        await using var api = started;

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var line = Assert.Single(api.Output.Split('\n'), l => l.Contains("ui.secret_key", StringComparison.Ordinal));
        Assert.Equal("refusing to start: the Data Protection keys in the system database were encrypted with a different "
            + "ui.secret_key (MELTANO_UI_SECRET_KEY); set the key the Api and the workers use, or, after changing it, "
            + "list the old one in TAPLINE_PREVIOUS_SECRET_KEYS", line);
        Assert.DoesNotContain("   at ", api.Output);
    }

    [Fact]
    public async Task An_api_with_the_key_that_sealed_the_ring_starts()
    {
        await SealRingAsync();

        var (started, health) = ApiProcess.Start(_root, new Dictionary<string, string> { ["MELTANO_UI_SECRET_KEY"] = RingKey });
        await using var api = started;

        await api.WaitForHttpOkAsync(health, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_api_with_a_key_on_a_fresh_database_starts()
    {
        var (started, health) = ApiProcess.Start(_root, new Dictionary<string, string>());
        await using var api = started;

        await api.WaitForHttpOkAsync(health, TimeSpan.FromMinutes(1));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test.
        }
    }
}
