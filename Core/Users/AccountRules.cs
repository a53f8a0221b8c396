using System.Text.RegularExpressions;

namespace Tapline.Core.Users;

/// <summary>
/// The one rule of what a UI account's name and password must look like, for every writer of
/// accounts: the Api's validators, the bootstrap admin and <c>tapline user add</c>.
/// </summary>
public static partial class AccountRules
{
    /// <summary>ASVS 5.0 wants 8+ characters at least; 12 is our floor, up to 128 (PBKDF2 input stays cheap).</summary>
    public const int MinimumPasswordLength = 12;
    public const int MaximumPasswordLength = 128;

    public const string NameMessage = "name must be 1-64 letters, digits or _ . @ - and start with a letter or digit.";
    public static readonly string PasswordMessage = $"password must be {MinimumPasswordLength} to {MaximumPasswordLength} characters.";

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static bool IsValidPassword(string? password) =>
        password is { Length: >= MinimumPasswordLength and <= MaximumPasswordLength };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")]
    private static partial Regex NamePattern();
}
