using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tapline.E2E.Hosting;

/// <summary>The Api as a script would use it: sign in once, then send the bearer token.</summary>
internal static class ApiSession
{
    public static async Task<HttpClient> SignInAsync(TaplineApp app, string name, string password)
    {
        var http = app.CreateApiClient();
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = name, password });
        var body = await login.Content.ReadAsStringAsync();
        if (!login.IsSuccessStatusCode)
        {
            http.Dispose();
            throw new InvalidOperationException($"Signing in as {name} failed: {(int)login.StatusCode} {body}");
        }
        using var session = JsonDocument.Parse(body);
        var token = session.RootElement.GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
