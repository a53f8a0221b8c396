using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Meta;

public sealed class MetaEndpointTests
{
    [Fact]
    public async Task Health_answers_200_without_authentication()
    {
        using var host = new ApiHost();
        using var client = host.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");

        Assert.True(body.GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Version_is_the_assembly_version()
    {
        using var host = new ApiHost();
        using var client = host.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/version");

        Assert.Equal("0.1.0", body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Identity_of_an_anonymous_caller_says_authentication_is_on_and_nothing_is_writable()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_ENVIRONMENT"] = "dev", ["MELTANO_PROJECT_READONLY"] = "true" });
        using var client = host.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity");

        Assert.True(body.GetProperty("authenticationEnabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("user").ValueKind);
        Assert.Equal("dev", body.GetProperty("environment").GetString());
        Assert.True(body.GetProperty("projectReadonly").GetBoolean());
        Assert.False(body.GetProperty("canWrite").GetBoolean());
        Assert.False(body.GetProperty("canEditProject").GetBoolean());
    }

    [Fact]
    public async Task Identity_of_a_signed_in_admin_names_the_user_and_allows_writes()
    {
        using var host = new ApiHost();
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var client = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity");

        Assert.Equal("ada", body.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal("admin", body.GetProperty("user").GetProperty("role").GetString());
        Assert.True(body.GetProperty("canWrite").GetBoolean());
        Assert.True(body.GetProperty("canEditProject").GetBoolean());
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        using var host = new ApiHost();
        using var client = host.CreateClient();

        var doc = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/auth/login", doc);
        Assert.Contains("/api/v1/runs/{id}/log/stream", doc);
    }

    [Fact]
    public async Task Unknown_api_path_is_a_404_problem()
    {
        using var host = new ApiHost();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/api/v1/nothing-here");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Host_header_outside_server_name_is_refused()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_SERVER_NAME"] = "tapline.example.com" });
        using var client = host.CreateClient();

        using var wrongHost = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health") { Headers = { Host = "evil.example.org" } };
        using var rightHost = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health") { Headers = { Host = "tapline.example.com" } };

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(wrongHost)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(rightHost)).StatusCode);
    }
}
