using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Settings;

namespace Tapline.Core.Tests.Data;

/// <summary>Issue #12 item 12: the Data Protection keys that encrypt stored secrets are sealed with ui.secret_key.</summary>
public class KeyRingEncryptionTests
{
    private const string Key = "first-secret-key-0123456789abcdef0123456789abcdef";
    private const string OtherKey = "other-secret-key-0123456789abcdef0123456789abcdef";
    private const string Secret = "ghp_very-secret";

    // A separate service provider stands for a separate Tapline process: it shares only the database.
    private static ServiceProvider Process(SystemDbContextFactory factory, string? key, string? previous = null) =>
        new ServiceCollection().AddLogging()
            .AddSystemDatabase(factory.Connection with { DataProtectionSecrets = key is null ? null : new DataProtectionSecrets(key, previous) })
            .BuildServiceProvider();

    private static async Task WriteSecretAsync(SystemDbContextFactory factory, string? key)
    {
        await using var process = Process(factory, key);
        await process.GetRequiredService<PluginSettingsStore>().SetAsync("extractors", "tap-github", "auth_token", Secret, sensitive: true);
    }

    private static async Task<string?> ReadSecretAsync(SystemDbContextFactory factory, string? key, string? previous = null)
    {
        await using var process = Process(factory, key, previous);
        return await process.GetRequiredService<PluginSettingsStore>().GetAsync("extractors", "tap-github", "auth_token");
    }

    private static async Task<List<string>> KeyXmlAsync(SystemDbContextFactory factory)
    {
        await using var context = factory.CreateDbContext();
        return await context.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml!).ToListAsync();
    }

    private static void AssertSealed(IReadOnlyList<string> keys)
    {
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.DoesNotContain("<masterKey", xml);
            Assert.DoesNotContain("unencrypted", xml);
            Assert.Contains(typeof(SecretKeyXmlDecryptor).FullName!, xml);
        });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Master_keys_are_stored_sealed_and_a_secret_written_by_one_process_is_read_by_another_with_the_same_key(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);

        await WriteSecretAsync(factory, Key);

        AssertSealed(await KeyXmlAsync(factory));
        Assert.Equal(Secret, await ReadSecretAsync(factory, Key));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_process_with_another_key_fails_with_one_line_naming_ui_secret_key_and_loses_nothing(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await WriteSecretAsync(factory, Key);
        var before = await KeyXmlAsync(factory);

        var read = await Assert.ThrowsAsync<DataProtectionKeyException>(() => ReadSecretAsync(factory, OtherKey));
        // Writing with the wrong key must not start a second key ring beside the first either.
        var write = await Assert.ThrowsAsync<DataProtectionKeyException>(() => WriteSecretAsync(factory, OtherKey));

        Assert.Contains("ui.secret_key (MELTANO_UI_SECRET_KEY)", read.Message);
        Assert.DoesNotContain('\n', read.Message);
        Assert.Equal(read.Message, write.Message);
        Assert.Equal(before, await KeyXmlAsync(factory));
        Assert.Equal(Secret, await ReadSecretAsync(factory, Key));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_process_without_a_key_fails_on_a_sealed_ring_with_one_line_naming_ui_secret_key(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await WriteSecretAsync(factory, Key);

        var e = await Assert.ThrowsAsync<DataProtectionKeyException>(() => ReadSecretAsync(factory, key: null));

        Assert.Contains("encrypted, but ui.secret_key (MELTANO_UI_SECRET_KEY) is not set", e.Message);
        Assert.Equal(Secret, await ReadSecretAsync(factory, Key));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_plaintext_key_ring_is_sealed_in_place_on_first_use_with_a_key_and_old_secrets_still_decrypt(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await WriteSecretAsync(factory, key: null);
        Assert.All(await KeyXmlAsync(factory), xml => Assert.Contains("<masterKey", xml));

        Assert.Equal(Secret, await ReadSecretAsync(factory, Key));

        AssertSealed(await KeyXmlAsync(factory));
        Assert.Equal(Secret, await ReadSecretAsync(factory, Key));
        await Assert.ThrowsAsync<DataProtectionKeyException>(() => ReadSecretAsync(factory, key: null));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task After_a_key_change_the_previous_key_in_TAPLINE_PREVIOUS_SECRET_KEYS_opens_the_ring_once_and_it_is_resealed_with_the_new_key(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await WriteSecretAsync(factory, Key);

        Assert.Equal(Secret, await ReadSecretAsync(factory, OtherKey, previous: $"unrelated, {Key}"));

        AssertSealed(await KeyXmlAsync(factory));
        Assert.Equal(Secret, await ReadSecretAsync(factory, OtherKey));
        await Assert.ThrowsAsync<DataProtectionKeyException>(() => ReadSecretAsync(factory, Key));
    }

    private static async Task CheckAtStartAsync(SystemDbContextFactory factory, string? key, string? previous = null)
    {
        await using var process = Process(factory, key, previous);
        await process.GetRequiredService<SystemDbKeyRepository>().EnsureOpensAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_start_check_passes_an_empty_ring_and_a_ring_in_clear_and_changes_nothing(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await CheckAtStartAsync(factory, Key);
        await CheckAtStartAsync(factory, key: null);
        Assert.Empty(await KeyXmlAsync(factory));

        await WriteSecretAsync(factory, key: null);
        var clear = await KeyXmlAsync(factory);
        await CheckAtStartAsync(factory, Key);

        Assert.Equal(clear, await KeyXmlAsync(factory));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_start_check_refuses_a_wrong_or_missing_key_with_the_line_a_first_use_gives_and_accepts_a_previous_key(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        await WriteSecretAsync(factory, Key);
        var sealedRing = await KeyXmlAsync(factory);

        var wrong = await Assert.ThrowsAsync<DataProtectionKeyException>(() => CheckAtStartAsync(factory, OtherKey));
        var missing = await Assert.ThrowsAsync<DataProtectionKeyException>(() => CheckAtStartAsync(factory, key: null));
        await CheckAtStartAsync(factory, Key);
        await CheckAtStartAsync(factory, OtherKey, previous: Key);

        Assert.Equal((await Assert.ThrowsAsync<DataProtectionKeyException>(() => ReadSecretAsync(factory, OtherKey))).Message, wrong.Message);
        Assert.Contains("is not set", missing.Message);
        // The check opens, it does not re-seal: a rotation completes at the first use, as before.
        Assert.Equal(sealedRing, await KeyXmlAsync(factory));
    }
}
