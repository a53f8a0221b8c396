namespace Tapline.Api.Auth;

/// <summary>Lifetimes and login throttling; bound from <c>api:auth</c>, validated on start.</summary>
public sealed class AuthOptions
{
    public const string Section = "api:auth";

    /// <summary>Access tokens live 15 minutes: short enough that a leaked one expires soon.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Failed logins of one account within <see cref="FailureWindow"/> before it is locked.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed logins from one client IP within <see cref="FailureWindow"/> before it is locked (any account).</summary>
    public int MaxFailuresPerIp { get; set; } = 20;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Locks always expire, so an attacker can slow a user down but never lock them out for good.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);
}
