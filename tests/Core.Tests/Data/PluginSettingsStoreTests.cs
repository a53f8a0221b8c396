using Microsoft.AspNetCore.DataProtection;
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

    // Microsecond precision: what both providers keep of a time.
    private static readonly DateTime Noon = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rows_the_store_writes_with_SQL_are_the_rows_EF_reads(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await using var process = Process(factory.Connection);
        var clock = new ManualClock(Noon.AddTicks(1234560));
        var store = new PluginSettingsStore(factory, process.GetRequiredService<IDataProtectionProvider>(), clock);

        await store.SetAsync("extractors", "tap-github", "start_date", "2024-01-01", sensitive: false);
        await store.SetAsync("loaders", "target-jsonl", "destination_path", null, sensitive: true);
        await store.SetAsync("extractors", "tap-github", "auth_token", "first", sensitive: true);
        long tokenId;
        await using (var context = factory.CreateDbContext())
        {
            tokenId = (await context.PluginSettings.AsNoTracking().SingleAsync(r => r.SettingName == "auth_token")).Id;
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.SetAsync("extractors", "tap-github", "auth_token", "second", sensitive: true);

        await using (var context = factory.CreateDbContext())
        {
            var rows = await context.PluginSettings.AsNoTracking().ToDictionaryAsync(r => r.SettingName);
            Assert.Equal(3, rows.Count);
            var plain = rows["start_date"];
            Assert.Equal(("extractors", "tap-github", "2024-01-01", false), (plain.PluginType, plain.PluginName, plain.Value, plain.Encrypted));
            Assert.Equal(Noon.AddTicks(1234560), plain.UpdatedAt);
            Assert.Equal(DateTimeKind.Utc, plain.UpdatedAt.Kind);
            // A null value has nothing to encrypt, as the EF store wrote it.
            var none = rows["destination_path"];
            Assert.Equal(("loaders", "target-jsonl", null, false), (none.PluginType, none.PluginName, none.Value, none.Encrypted));
            // The second set updated the row in place.
            var token = rows["auth_token"];
            Assert.Equal(tokenId, token.Id);
            Assert.True(token.Encrypted);
            Assert.Equal(Noon.AddTicks(1234560).AddSeconds(1), token.UpdatedAt);
            Assert.Equal("second", process.GetRequiredService<IDataProtectionProvider>().CreateProtector("Tapline.PluginSettings.v1").Unprotect(token.Value!));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rows_EF_writes_are_the_rows_the_store_reads_and_removes(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await using var process = Process(factory.Connection);
        var protector = process.GetRequiredService<IDataProtectionProvider>().CreateProtector("Tapline.PluginSettings.v1");
        await using (var context = factory.CreateDbContext())
        {
            context.PluginSettings.AddRange(
                new PluginSettingRecord { PluginType = "extractors", PluginName = "tap-github", SettingName = "start_date", Value = "2024-01-01", UpdatedAt = Noon },
                new PluginSettingRecord { PluginType = "extractors", PluginName = "tap-github", SettingName = "auth_token", Value = protector.Protect("ghp_secret"), Encrypted = true, UpdatedAt = Noon },
                new PluginSettingRecord { PluginType = "extractors", PluginName = "tap-github", SettingName = "empty", Value = null, UpdatedAt = Noon },
                new PluginSettingRecord { PluginType = "extractors", PluginName = "tap-gitlab", SettingName = "start_date", Value = "2020-01-01", UpdatedAt = Noon });
            await context.SaveChangesAsync();
        }
        var store = process.GetRequiredService<PluginSettingsStore>();

        Assert.Equal("ghp_secret", await store.GetAsync("extractors", "tap-github", "auth_token"));
        Assert.Null(await store.GetAsync("extractors", "tap-github", "empty"));
        Assert.Null(await store.GetAsync("extractors", "tap-github", "missing"));
        var all = await store.GetAllAsync("extractors", "tap-github");
        Assert.Equal(
            [("auth_token", "ghp_secret"), ("empty", null), ("start_date", "2024-01-01")],
            all.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));

        Assert.True(await store.UnsetAsync("extractors", "tap-github", "start_date"));
        await using (var context = factory.CreateDbContext())
        {
            Assert.Equal(
                ["tap-github/auth_token", "tap-github/empty", "tap-gitlab/start_date"],
                (await context.PluginSettings.AsNoTracking().Select(r => r.PluginName + "/" + r.SettingName).ToListAsync()).Order(StringComparer.Ordinal));
        }
    }
}
