using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// Opens a master key sealed by <see cref="SecretKeyXmlEncryptor"/>. Data Protection creates it by the type name
/// written in the key's XML, handing it the service provider, where the process's <see cref="KeyRingCipher"/> is
/// registered when <c>ui.secret_key</c> is set.
/// </summary>
public sealed class SecretKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        (services.GetService<KeyRingCipher>() ?? throw DataProtectionKeyException.NoKey()).Decrypt(encryptedElement);
}
