using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// AES-256-GCM over one key-ring secret (a Data Protection master key's XML), with the key derived by HKDF-SHA256
/// from <c>ui.secret_key</c>. Each encrypted element names the key it was sealed with by an id derived under a
/// different label, so a wrong key is told apart from a damaged row, and a previous key is found without trial.
/// </summary>
public sealed class KeyRingCipher
{
    internal const string ElementName = "taplineSealedKey";
    private const string KeyLabel = "Tapline.DataProtection.KeyRing.Encryption.v1";
    private const string IdLabel = "Tapline.DataProtection.KeyRing.KeyId.v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly (string Id, byte[] Key) _current;
    private readonly Dictionary<string, byte[]> _known;

    public KeyRingCipher(DataProtectionSecrets secrets)
    {
        _current = Derive(secrets.Current);
        _known = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [_current.Id] = _current.Key };
        foreach (var previous in secrets.PreviousKeys.Select(Derive))
        {
            _known.TryAdd(previous.Id, previous.Key);
        }
    }

    private static (string Id, byte[] Key) Derive(string secret)
    {
        var ikm = Encoding.UTF8.GetBytes(secret);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt: [], info: Encoding.ASCII.GetBytes(KeyLabel));
        var id = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 8, salt: [], info: Encoding.ASCII.GetBytes(IdLabel));
        return (Convert.ToHexStringLower(id), key);
    }

    public XElement Encrypt(XElement plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + data.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagSize);
        aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize, data.Length), sealedBytes.AsSpan(NonceSize + data.Length), Aad(_current.Id));
        return new XElement(ElementName,
            new XAttribute("keyId", _current.Id),
            new XAttribute("algorithm", "AES-256-GCM, HKDF-SHA256(ui.secret_key)"),
            Convert.ToBase64String(sealedBytes));
    }

    /// <exception cref="DataProtectionKeyException">The element was sealed with a key this process does not have, or fails authentication.</exception>
    public XElement Decrypt(XElement sealedElement)
    {
        var id = KeyIdOf(sealedElement);
        if (id is null || !_known.TryGetValue(id, out var key))
        {
            throw DataProtectionKeyException.WrongKey();
        }
        var sealedBytes = Convert.FromBase64String(sealedElement.Value);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new DataProtectionKeyException("a Data Protection key in the system database is damaged (its sealed value is too short)");
        }
        var data = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, data.Length), sealedBytes.AsSpan(NonceSize + data.Length), data, Aad(id));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new DataProtectionKeyException("a Data Protection key in the system database is damaged (it fails authentication)");
        }
        return XElement.Parse(Encoding.UTF8.GetString(data));
    }

    /// <summary>True when <paramref name="sealedElement"/> was sealed with the current key (else it is re-sealed on read).</summary>
    public bool IsCurrent(XElement sealedElement) => KeyIdOf(sealedElement) == _current.Id;

    private static string? KeyIdOf(XElement sealedElement) => (string?)sealedElement.Attribute("keyId");

    // Binds the ciphertext to the key id it claims, so an id cannot be swapped onto another key's value.
    private static byte[] Aad(string id) => Encoding.ASCII.GetBytes($"{ElementName}:{id}");
}
