using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Settings;

namespace Tapline.Core.Tests.Data;

public class PluginSettingsStoreTests
{
    // A separate service provider stands for a separate Tapline process: it shares only the database.
    private static ServiceProvider Process(SystemDatabaseConnection connection) =>
        new ServiceCollection().AddLogging().AddSystemDatabase(connection).BuildServiceProvider();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sensitive_value_is_encrypted_at_rest_and_readable_by_another_process(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await using (var writer = Process(factory.Connection))
        {
            var store = writer.GetRequiredService<PluginSettingsStore>();
            await store.SetAsync("extractors", "tap-github", "auth_token", "ghp_very-secret", sensitive: true);
            await store.SetAsync("extractors", "tap-github", "start_date", "2024-01-01", sensitive: false);
        }

        await using (var context = factory.CreateDbContext())
        {
            var rows = await context.PluginSettings.AsNoTracking().ToDictionaryAsync(r => r.SettingName);
            Assert.DoesNotContain("ghp_very-secret", rows["auth_token"].Value);
            Assert.True(rows["auth_token"].Encrypted);
            Assert.Equal("2024-01-01", rows["start_date"].Value);
            Assert.NotEmpty(await context.DataProtectionKeys.ToListAsync());
        }

        await using var reader = Process(factory.Connection);
        var readerStore = reader.GetRequiredService<PluginSettingsStore>();
        Assert.Equal("ghp_very-secret", await readerStore.GetAsync("extractors", "tap-github", "auth_token"));
        var all = await readerStore.GetAllAsync("extractors", "tap-github");
        Assert.Equal(2, all.Count);
        Assert.True(await readerStore.UnsetAsync("extractors", "tap-github", "auth_token"));
        Assert.Null(await readerStore.GetAsync("extractors", "tap-github", "auth_token"));
        Assert.False(await readerStore.UnsetAsync("extractors", "tap-github", "auth_token"));
    }
}
