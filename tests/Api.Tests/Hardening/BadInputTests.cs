using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Hardening;

/// <summary>Every malformed request is a short 400/413/415 problem, never a 500, a 404 or an echo of what was sent (PostgreSQL, as in production).</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.CreatePostgresAsync();
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Page_beyond_the_last_possible_offset_is_a_400()
    {
        var detail = await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/runs?page=2147483647"), HttpStatusCode.BadRequest);

        Assert.Contains("page", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NUL_byte_in_a_runs_filter_is_a_400()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/runs?stateId=dev%00x"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NUL_byte_in_the_login_username_is_a_400()
    {
        using var anonymous = _host.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "ad\0a", password = Secrets.AdminPassword });

        Assert.Contains("NUL", await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_content_type_on_a_JSON_endpoint_is_a_415()
    {
        using var anonymous = _host.CreateClient();
        using var form = new StringContent("username=ada&password=x", Encoding.UTF8, "application/x-www-form-urlencoded");

        await ProblemAssert.IsProblemAsync(await anonymous.PostAsync("/api/v1/auth/login", form), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task HEAD_is_answered_wherever_GET_is_with_headers_and_no_body()
    {
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/health"));
        using var runs = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/runs"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        Assert.Empty(await runs.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_10_MB_field_is_refused_as_too_large_without_being_echoed()
    {
        using var anonymous = _host.CreateClient();
        var huge = new string('A', 10 * 1024 * 1024);

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = huge, password = "x" });

        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.True(detail.Length < 500, $"detail is {detail.Length} characters");
    }

    [Fact]
    public async Task A_long_field_under_the_body_limit_is_not_echoed_whole()
    {
        using var anonymous = _host.CreateClient();
        var long100k = new string('A', 100_000);

        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = long100k, password = "x" });

        Assert.True((int)response.StatusCode is 400 or 401, $"got {(int)response.StatusCode}");
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 2_000);
    }
}
