namespace Tapline.Core.Data.Users;

/// <summary>
/// Failed logins of one (account, source address) pair, shared by every Api replica through the
/// system database. <see cref="Account"/> is <see cref="AnyAccount"/> for the per-address count
/// over all accounts. Rows quiet for longer than the failure window are pruned.
/// </summary>
public sealed class LoginThrottleRecord
{
    /// <summary>The account key of the per-address row (no normalized user name is empty).</summary>
    public const string AnyAccount = "";

    public required string Account { get; set; }
    public required string Source { get; set; }
    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }
    public DateTime? BlockedUntil { get; set; }
}
