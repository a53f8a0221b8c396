using System.Net;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Tests.Access;

/// <summary>
/// Who may do what, with authentication on: anonymous / viewer / admin x read / write /
/// project write, under every combination of project_readonly, ui.readonly and ui.anonymous_readonly.
/// </summary>
public sealed class AccessMatrixTests
{
    public enum Caller { Anonymous, Viewer, Admin }
    public enum Operation { Read, Write, ProjectWrite }

    public static TheoryData<bool, bool, bool> Settings()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (var projectReadonly in new[] { false, true })
        foreach (var uiReadonly in new[] { false, true })
        foreach (var anonymousReadonly in new[] { false, true })
        {
            data.Add(projectReadonly, uiReadonly, anonymousReadonly);
        }
        return data;
    }

    /// <summary>The rules of docs/api.md and issue 6, written out once.</summary>
    private static HttpStatusCode Expected(Caller caller, Operation operation, bool projectReadonly, bool uiReadonly, bool anonymousReadonly)
    {
        // Without ui.anonymous_readonly an anonymous caller may do nothing at all: sign in first.
        if (caller == Caller.Anonymous && !anonymousReadonly) return HttpStatusCode.Unauthorized;
        if (operation == Operation.Read) return HttpStatusCode.OK;
        if (uiReadonly) return HttpStatusCode.Forbidden;
        if (operation == Operation.ProjectWrite && projectReadonly) return HttpStatusCode.Forbidden;
        return caller switch
        {
            Caller.Anonymous => HttpStatusCode.Unauthorized,
            Caller.Viewer => HttpStatusCode.Forbidden,
            _ => operation == Operation.Write ? HttpStatusCode.Accepted : HttpStatusCode.OK,
        };
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Every_caller_gets_exactly_the_access_the_settings_allow(bool projectReadonly, bool uiReadonly, bool anonymousReadonly)
    {
        using var host = new ApiHost(new Dictionary<string, string?>
        {
            ["MELTANO_PROJECT_READONLY"] = projectReadonly.ToString(),
            ["MELTANO_UI_READONLY"] = uiReadonly.ToString(),
            ["MELTANO_UI_ANONYMOUS_READONLY"] = anonymousReadonly.ToString(),
        });
        await AccessProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        await host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.Viewer] = await host.LoginAsync("bob", Secrets.ViewerPassword),
            [Caller.Admin] = await host.LoginAsync("ada", Secrets.AdminPassword),
        };

        var failures = new List<string>();
        foreach (var caller in Enum.GetValues<Caller>())
        foreach (var operation in Enum.GetValues<Operation>())
        {
            using var client = host.ClientWithToken(tokens[caller]);
            var response = await SendAsync(host, client, operation);
            var expected = Expected(caller, operation, projectReadonly, uiReadonly, anonymousReadonly);
            if (response.StatusCode != expected)
            {
                failures.Add($"{caller} {operation}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            else if ((int)expected >= 400)
            {
                await ProblemAssert.IsProblemAsync(response, expected);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Refusals_say_which_setting_forbids_the_change()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_PROJECT_READONLY"] = "true" });
        await AccessProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var admin = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));

        var detail = await ProblemAssert.IsProblemAsync(await SendAsync(host, admin, Operation.ProjectWrite), HttpStatusCode.Forbidden);

        Assert.Contains("project is read-only", detail);
        Assert.Contains("project_readonly", detail);
    }

    [Fact]
    public async Task With_authentication_off_anyone_reads_and_writes()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_UI_AUTHENTICATION"] = "false" });
        await AccessProject.WriteAsync(host.ProjectRoot);
        using var anonymous = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, anonymous, Operation.Read)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(host, anonymous, Operation.Write)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, anonymous, Operation.ProjectWrite)).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiHost host, HttpClient client, Operation operation)
    {
        switch (operation)
        {
            case Operation.Read:
                return await client.GetAsync("/api/v1/runs");
            case Operation.Write:
                var run = await host.AddRunAsync(r => { r.Status = RunStatus.Queued; r.StartedAt = null; r.EndedAt = null; });
                return await client.PostAsync($"/api/v1/runs/{run.Id}/cancel", null);
            default:
                return await client.PostAsync($"/api/v1/schedules/{AccessProject.Schedule}/disable", null);
        }
    }
}
