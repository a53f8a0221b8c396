using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;

namespace Tapline.Core.Tests.Data;

/// <summary>The key ring's plain-SQL repository writes and reads the data_protection_keys rows EF maps.</summary>
public class SystemDbKeyRepositoryTests
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";

    private static XElement Key(string id, bool requiresEncryption = false) =>
        new("key", new XAttribute("id", id), new XElement("descriptor",
            new XElement("masterKey", requiresEncryption ? new XAttribute(DataProtection + "requiresEncryption", "true") : null,
                new XElement("value", $"secret-of-{id}"))));

    private static async Task<List<DataProtectionKey>> RowsAsync(SystemDbContextFactory factory)
    {
        await using var context = factory.CreateDbContext();
        return await context.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_stored_key_is_the_row_EF_reads_and_rows_EF_writes_are_the_elements_it_returns(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var repository = new SystemDbKeyRepository(factory, cipher: null);

        repository.StoreElement(Key("a"), "key-a");
        await using (var context = factory.CreateDbContext())
        {
            context.DataProtectionKeys.AddRange(
                new DataProtectionKey { FriendlyName = "key-b", Xml = Key("b").ToString(SaveOptions.DisableFormatting) },
                new DataProtectionKey { FriendlyName = "empty", Xml = null });
            await context.SaveChangesAsync();
        }

        var stored = (await RowsAsync(factory))[0];
        Assert.Equal("key-a", stored.FriendlyName);
        Assert.Equal(Key("a").ToString(SaveOptions.DisableFormatting), stored.Xml);
        var elements = repository.GetAllElements();
        Assert.Equal(2, elements.Count);
        Assert.True(XNode.DeepEquals(Key("a"), elements.First()));
        Assert.True(XNode.DeepEquals(Key("b"), elements.Last()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Reading_a_key_in_clear_with_a_secret_key_seals_its_row_in_place_once(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var cipher = new KeyRingCipher(new DataProtectionSecrets("repository-test-key-0123456789abcdef0123456789abcdef"));
        var repository = new SystemDbKeyRepository(factory, cipher);
        await using (var context = factory.CreateDbContext())
        {
            context.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = "key-a", Xml = Key("a", requiresEncryption: true).ToString(SaveOptions.DisableFormatting) });
            await context.SaveChangesAsync();
        }

        var read = Assert.Single(repository.GetAllElements());
        var row = Assert.Single(await RowsAsync(factory));
        var again = Assert.Single(repository.GetAllElements());

        Assert.DoesNotContain("secret-of-a", row.Xml);
        Assert.Equal("key-a", row.FriendlyName);
        Assert.Equal(read.ToString(SaveOptions.DisableFormatting), row.Xml);
        Assert.Equal(row.Xml, again.ToString(SaveOptions.DisableFormatting));
        Assert.Equal(row.Xml, Assert.Single(await RowsAsync(factory)).Xml);
        var sealedKey = read.Descendants(DataProtection + "encryptedSecret").Single().Elements().Single();
        var opened = cipher.Decrypt(sealedKey);
        Assert.Equal("masterKey", opened.Name.LocalName);
        Assert.Equal("secret-of-a", (string?)opened.Element("value"));
    }
}
