using Tapline.Api.Hosting;

namespace Tapline.Api.Auth;

/// <summary>The refresh token cookie: HttpOnly, SameSite=Strict, scoped to /api/v1/auth, Secure and Domain per ui.* settings.</summary>
public static class RefreshCookie
{
    public const string Name = "tapline_refresh";
    public const string Path = "/api/v1/auth";

    public static void Set(HttpResponse response, UiSettings ui, string token, DateTime expiresAt) =>
        response.Cookies.Append(Name, token, Options(ui, expiresAt));

    public static void Clear(HttpResponse response, UiSettings ui) =>
        response.Cookies.Delete(Name, Options(ui, null));

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static CookieOptions Options(UiSettings ui, DateTime? expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = ui.SessionCookieSecure,
        Domain = string.IsNullOrWhiteSpace(ui.SessionCookieDomain) ? null : ui.SessionCookieDomain,
        Path = Path,
        Expires = expiresAt is null ? null : new DateTimeOffset(expiresAt.Value, TimeSpan.Zero),
        IsEssential = true,
    };
}
