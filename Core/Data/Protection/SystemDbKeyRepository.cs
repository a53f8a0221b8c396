using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// The Data Protection key ring in the system database (<c>data_protection_keys</c>). With a secret key
/// (<see cref="KeyRingCipher"/>), reading the ring also seals it: a master key still in clear (written before
/// the key was set, or by a process without it) and one sealed with a previous key are re-sealed in place with
/// the current key. A ring this process cannot open fails with <see cref="DataProtectionKeyException"/> rather
/// than letting Data Protection skip the keys and make new ones, which would leave stored secrets unreadable.
/// Each service runs <see cref="EnsureOpensAsync"/> at start, so a wrong or missing key stops it there instead of
/// failing the first run that needs a secret.
/// </summary>
public sealed class SystemDbKeyRepository(SystemDbContextFactory factory, KeyRingCipher? cipher) : IXmlRepository
{
    // Data Protection's own markers (Microsoft.AspNetCore.DataProtection XmlConstants).
    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtectionNamespace + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtectionNamespace + "encryptedSecret";
    private const string DecryptorType = "decryptorType";

    // Plain SQL (SystemDbSql), synchronous as IXmlRepository is: every Tapline process reads the ring, the
    // Native AOT tapline CLI included. The table and columns are those of EF's DataProtectionKey mapping.
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var sql = factory.Sql;
        using var connection = sql.Open();
        var rows = new List<(int Id, string Xml)>();
        using (var select = sql.Command(connection, "SELECT id, xml FROM data_protection_keys ORDER BY id"))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                if (!reader.IsDBNull(1) && reader.GetString(1) is { Length: > 0 } xml)
                {
                    rows.Add((reader.GetInt32(0), xml));
                }
            }
        }
        var elements = new List<XElement>(rows.Count);
        foreach (var (id, stored) in rows)
        {
            var element = XElement.Parse(stored);
            if (Seal(element))
            {
                // Only if no other process re-sealed it meanwhile; theirs is as good as ours.
                using var update = sql.Command(connection, "UPDATE data_protection_keys SET xml = @xml WHERE id = @id AND xml = @stored", null,
                    ("xml", element.ToString(SaveOptions.DisableFormatting)), ("id", id), ("stored", stored));
                update.ExecuteNonQuery();
            }
            elements.Add(element);
        }
        return elements;
    }

    /// <summary>
    /// A service's start check: opens every master key sealed with <c>ui.secret_key</c> with this process's key,
    /// changing nothing (re-sealing stays with the first use). An empty ring (a fresh database) and keys still in
    /// clear pass. Plain SQL: the check must not cost a service EF Core's start before it serves anything.
    /// </summary>
    /// <exception cref="DataProtectionKeyException">A key is sealed with a key this process does not have (or none is set).</exception>
    public async Task EnsureOpensAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.Sql.OpenAsync(cancellationToken);
        await using var command = factory.Sql.Command(connection, "SELECT xml FROM data_protection_keys ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0) || reader.GetString(0) is not { Length: > 0 } xml)
            {
                continue;
            }
            foreach (var sealedSecret in XElement.Parse(xml).Descendants(EncryptedSecret).Where(IsOurs))
            {
                Open(sealedSecret.Elements().Single());
            }
        }
    }

    /// <summary>
    /// What a service prints instead of starting when <see cref="EnsureOpensAsync"/> fails: one line naming
    /// <c>ui.secret_key</c> and what to do; null when the ring opens. Called once the database answers, by
    /// <see cref="SystemDatabase.StartRefusalAsync"/>: a database that does not answer is not a wrong key.
    /// </summary>
    public static async Task<string?> StartRefusalAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<SystemDbKeyRepository>().EnsureOpensAsync(cancellationToken);
            return null;
        }
        catch (DataProtectionKeyException e)
        {
            return $"refusing to start: {e.Message}";
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var sql = factory.Sql;
        using var connection = sql.Open();
        using var insert = sql.Command(connection, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendly_name, @xml)", null,
            ("friendly_name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)));
        insert.ExecuteNonQuery();
    }

    /// <summary>Seals <paramref name="key"/> in place with the current secret key; true when it changed.</summary>
    /// <exception cref="DataProtectionKeyException">It is sealed with a key this process does not have.</exception>
    private bool Seal(XElement key)
    {
        var changed = false;
        foreach (var sealedSecret in key.Descendants(EncryptedSecret).Where(IsOurs).ToList())
        {
            var inner = sealedSecret.Elements().Single();
            var opened = Open(inner);
            if (!cipher!.IsCurrent(inner))
            {
                inner.ReplaceWith(cipher.Encrypt(opened));
                changed = true;
            }
        }
        if (cipher is null)
        {
            return changed;
        }
        foreach (var plaintext in key.Descendants().Where(e => (string?)e.Attribute(RequiresEncryption) == "true").ToList())
        {
            plaintext.ReplaceWith(new XElement(EncryptedSecret,
                new XAttribute(DecryptorType, typeof(SecretKeyXmlDecryptor).AssemblyQualifiedName!),
                cipher.Encrypt(plaintext)));
            changed = true;
        }
        return changed;
    }

    /// <exception cref="DataProtectionKeyException">No key is set, or <paramref name="sealedKey"/> was sealed with another.</exception>
    private XElement Open(XElement sealedKey) => (cipher ?? throw DataProtectionKeyException.NoKey()).Decrypt(sealedKey);

    private static bool IsOurs(XElement encryptedSecret) =>
        ((string?)encryptedSecret.Attribute(DecryptorType))?.StartsWith(typeof(SecretKeyXmlDecryptor).FullName + ",", StringComparison.Ordinal) == true;
}
