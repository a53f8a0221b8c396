namespace Tapline.Api.Auth;

/// <summary>Lifetimes and login throttling; bound from <c>api:auth</c>, validated on start.</summary>
public sealed class AuthOptions
{
    public const string Section = "api:auth";

    /// <summary>Access tokens live 15 minutes: short enough that a leaked one expires soon.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Failed logins for one account from one source address before that source is slowed down for it.</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed logins from one source address (any account) before that address is slowed down.</summary>
    public int MaxFailuresPerIp { get; set; } = 20;

    /// <summary>A count is forgotten once its source has been quiet (and unblocked) this long.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first refusal after the limit; each further failure doubles it, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delays always end, so an attacker only ever slows down its own source, never locks anybody out for good.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);
}
