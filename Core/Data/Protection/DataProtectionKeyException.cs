using System.Security.Cryptography;

namespace Tapline.Core.Data.Protection;

/// <summary>
/// The Data Protection key ring in the system database cannot be opened with the configured secret key. The message
/// is one line naming the setting to fix; stored secrets are never dropped or replaced because of it.
/// </summary>
public sealed class DataProtectionKeyException(string message) : InvalidOperationException(message)
{
    private const string Setting = "ui.secret_key (MELTANO_UI_SECRET_KEY)";

    internal static DataProtectionKeyException NoKey() => new(
        $"the Data Protection keys in the system database are encrypted, but {Setting} is not set; "
        + "set it to the key the Api and the workers use to read stored secrets");

    internal static DataProtectionKeyException WrongKey() => new(
        $"the Data Protection keys in the system database were encrypted with a different {Setting}; "
        + $"set the key the Api and the workers use, or, after changing it, list the old one in {DataProtectionSecrets.PreviousKeysEnvVar}");

    /// <summary>
    /// Data Protection reports any failure of Protect/Unprotect as a generic <see cref="CryptographicException"/>;
    /// this finds ours inside it, so the caller can show the line that says what to fix.
    /// </summary>
    public static DataProtectionKeyException? Within(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DataProtectionKeyException found)
            {
                return found;
            }
        }
        return null;
    }
}
