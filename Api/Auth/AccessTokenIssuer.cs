using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tapline.Api.Hosting;

namespace Tapline.Api.Auth;

/// <summary>Issues HS256 access tokens signed with ui.secret_key, and the parameters that validate them.</summary>
public sealed class AccessTokenIssuer(UiSettings ui, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTime ExpiresAt) Issue(Account account)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.AccessTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ui.TokenAudience,
            Audience = ui.TokenAudience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Subject = new ClaimsIdentity(
            [
                new Claim(TokenClaims.Name, account.Name),
                new Claim(TokenClaims.UserId, account.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(TokenClaims.Role, account.Role),
                new Claim(TokenClaims.TokenVersion, account.TokenVersion.ToString(CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(ui), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public static SymmetricSecurityKey SigningKey(UiSettings ui) =>
        new(Encoding.UTF8.GetBytes(ui.SecretKey ?? throw new InvalidOperationException("ui.secret_key is not set.")));

    /// <summary>HS256 only (the allowlist rejects <c>none</c> and every other alg); exp, nbf, iss, aud all checked.</summary>
    public static TokenValidationParameters ValidationParameters(UiSettings ui) => new()
    {
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = SigningKey(ui),
        ValidateIssuer = true,
        ValidIssuer = ui.TokenAudience,
        ValidateAudience = true,
        ValidAudience = ui.TokenAudience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = TokenClaims.Name,
        RoleClaimType = TokenClaims.Role,
    };
}
