using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Tapline.Core.Data.Protection;

/// <summary>Seals each new Data Protection master key with <see cref="KeyRingCipher"/> before it is written to the database.</summary>
public sealed class SecretKeyXmlEncryptor(KeyRingCipher cipher) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(cipher.Encrypt(plaintextElement), typeof(SecretKeyXmlDecryptor));
}
