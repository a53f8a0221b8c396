using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// The Data Protection key ring in the system database (<c>data_protection_keys</c>). With a secret key
/// (<see cref="KeyRingCipher"/>), reading the ring also seals it: a master key still in clear (written before
/// the key was set, or by a process without it) and one sealed with a previous key are re-sealed in place with
/// the current key. A ring this process cannot open fails with <see cref="DataProtectionKeyException"/> rather
/// than letting Data Protection skip the keys and make new ones, which would leave stored secrets unreadable.
/// </summary>
public sealed class SystemDbKeyRepository(SystemDbContextFactory factory, KeyRingCipher? cipher) : IXmlRepository
{
    // Data Protection's own markers (Microsoft.AspNetCore.DataProtection XmlConstants).
    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtectionNamespace + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtectionNamespace + "encryptedSecret";
    private const string DecryptorType = "decryptorType";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var context = factory.CreateDbContext();
        var elements = new List<XElement>();
        foreach (var row in context.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).ToList())
        {
            if (string.IsNullOrEmpty(row.Xml))
            {
                continue;
            }
            var element = XElement.Parse(row.Xml);
            if (Seal(element))
            {
                var xml = element.ToString(SaveOptions.DisableFormatting);
                // Only if no other process re-sealed it meanwhile; theirs is as good as ours.
                context.DataProtectionKeys.Where(k => k.Id == row.Id && k.Xml == row.Xml)
                    .ExecuteUpdate(s => s.SetProperty(k => k.Xml, xml));
            }
            elements.Add(element);
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var context = factory.CreateDbContext();
        context.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        context.SaveChanges();
    }

    /// <summary>Seals <paramref name="key"/> in place with the current secret key; true when it changed.</summary>
    /// <exception cref="DataProtectionKeyException">It is sealed with a key this process does not have.</exception>
    private bool Seal(XElement key)
    {
        var changed = false;
        foreach (var sealedSecret in key.Descendants(EncryptedSecret).Where(IsOurs).ToList())
        {
            if (cipher is null)
            {
                throw DataProtectionKeyException.NoKey();
            }
            var inner = sealedSecret.Elements().Single();
            var opened = cipher.Decrypt(inner);
            if (!cipher.IsCurrent(inner))
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

    private static bool IsOurs(XElement encryptedSecret) =>
        ((string?)encryptedSecret.Attribute(DecryptorType))?.StartsWith(typeof(SecretKeyXmlDecryptor).FullName + ",", StringComparison.Ordinal) == true;
}
