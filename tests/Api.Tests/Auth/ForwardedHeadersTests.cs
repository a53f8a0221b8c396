using System.Net;
using System.Net.Http.Json;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Auth;

/// <summary>ui.forwarded_allow_ips decides whose X-Forwarded-For counts as the client address (here: for the per-IP login lock).</summary>
public sealed class ForwardedHeadersTests
{
    private static async Task<HttpStatusCode> FailLoginAsync(HttpClient client, string user, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { username = user, password = "wrong password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_is_throttled_on_its_own()
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_UI_FORWARDED_ALLOW_IPS"] = "*",
            ["api:auth:MaxFailuresPerIp"] = "3",
        });
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await FailLoginAsync(client, "u1", "203.0.113.9"));
        Assert.Equal(HttpStatusCode.Unauthorized, await FailLoginAsync(client, "u2", "203.0.113.9"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await FailLoginAsync(client, "u3", "203.0.113.9"));

        Assert.Equal(HttpStatusCode.Unauthorized, await FailLoginAsync(client, "u4", "198.51.100.7"));
    }

    [Fact]
    public async Task An_untrusted_caller_cannot_pick_its_address_with_X_Forwarded_For()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["api:auth:MaxFailuresPerIp"] = "3" });
        using var client = host.CreateClient();

        // Each request claims a new address; the Api ignores the header, so all count against one client.
        Assert.Equal(HttpStatusCode.Unauthorized, await FailLoginAsync(client, "u1", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await FailLoginAsync(client, "u2", "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await FailLoginAsync(client, "u3", "203.0.113.3"));
    }
}
