using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Tapline.Api.Hosting;

namespace Tapline.Api.Auth;

/// <summary>JWT bearer authentication over ui.secret_key, plus the services of login and refresh.</summary>
public static class AuthenticationSetup
{
    public static IServiceCollection AddTaplineAuthentication(this IServiceCollection services, UiSettings ui, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.AccessTokenLifetime > TimeSpan.Zero && o.AccessTokenLifetime <= TimeSpan.FromMinutes(15), "api:auth:AccessTokenLifetime must be positive and at most 15 minutes.")
            .Validate(o => o.MaxFailuresPerAccount > 0 && o.MaxFailuresPerIp > 0, "api:auth failure limits must be positive.")
            .Validate(o => o.FirstDelay > TimeSpan.Zero && o.FirstDelay <= o.MaxDelay && o.MaxDelay <= TimeSpan.FromHours(1), "api:auth:FirstDelay and MaxDelay must be positive, FirstDelay <= MaxDelay <= an hour, so nobody is locked out for good.")
            .Validate(o => o.FailureWindow > TimeSpan.Zero, "api:auth:FailureWindow must be positive.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<Passwords>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<AccountCache>();
        services.AddScoped<RefreshTokens>();

        var authentication = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        authentication.AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = ui.AuthenticationEnabled
                ? AccessTokenIssuer.ValidationParameters(ui)
                // With authentication off no token is honoured; a random key makes sure of that.
                : AccessTokenIssuer.ValidationParameters(ui with { SecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)) });
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    if (!long.TryParse(principal.FindFirst(TokenClaims.UserId)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
                        || !int.TryParse(principal.FindFirst(TokenClaims.TokenVersion)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                    {
                        context.Fail("The token lacks Tapline's claims.");
                        return;
                    }
                    var services = context.HttpContext.RequestServices;
                    var account = await services.GetRequiredService<AccountCache>()
                        .GetAsync(userId, services.GetRequiredService<IAccountStore>(), context.HttpContext.RequestAborted);
                    if (account is null || account.Disabled || account.TokenVersion != version)
                    {
                        context.Fail("The token's user was disabled, removed or changed password.");
                        return;
                    }
                    // The role comes from the database, so a role change applies without a new login.
                    if (!string.Equals(principal.FindFirst(TokenClaims.Role)?.Value, account.Role, StringComparison.Ordinal))
                    {
                        var identity = (System.Security.Claims.ClaimsIdentity)principal.Identity!;
                        foreach (var claim in identity.FindAll(TokenClaims.Role).ToList()) identity.RemoveClaim(claim);
                        identity.AddClaim(new System.Security.Claims.Claim(TokenClaims.Role, account.Role));
                    }
                },
                OnChallenge = context =>
                {
                    // The authorization result handler writes the problem+json; keep the bare header only.
                    return Task.CompletedTask;
                },
            };
        });
        return services;
    }
}
