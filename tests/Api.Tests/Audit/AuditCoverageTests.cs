using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Audit;

public sealed partial class AuditCoverageTests : IAsyncLifetime
{
    private static readonly HashSet<string> WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];
    /// <summary>Writes that change nothing a person decided (the session renewing itself).</summary>
    private static readonly HashSet<string> NotAudited = ["POST /api/v1/auth/refresh"];

    private readonly ApiHost _host = new();
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await DemoProject.WriteAsync(_host.ProjectRoot);
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _admin = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{(?<name>[^}:]+)(:(?<constraint>[^}]+))?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Every_write_endpoint_leaves_an_audit_row_even_when_it_refuses_the_request()
    {
        var endpoints = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Where(e => WriteMethods.Contains(e.Method) && e.Pattern.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(endpoints.Count >= 15, $"found only {endpoints.Count} write endpoints");

        var missing = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var path = RouteParameter().Replace(pattern, m => m.Groups["constraint"].Value.StartsWith("long", StringComparison.Ordinal) || m.Groups["constraint"].Value.StartsWith("int", StringComparison.Ordinal) ? "999" : "audit-probe");
            if (NotAudited.Contains($"{method} {pattern}"))
            {
                continue;
            }
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            using var response = await _admin.SendAsync(request);
            await using var db = await _host.DbAsync();
            if (!await db.AuditLog.AnyAsync(a => a.Request == $"{method} {path}"))
            {
                missing.Add($"{method} {pattern} (answered {(int)response.StatusCode})");
            }
        }
        Assert.True(missing.Count == 0, "write endpoints without an audit row (send a Mediator ICommand):\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task A_refused_sign_in_and_a_lockout_are_audited_under_the_name_tried_with_the_password_redacted()
    {
        using var anonymous = _host.CreateClient();
        HttpResponseMessage response;
        do
        {
            response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "mallory", password = "guess-guess-guess" });
        }
        while (response.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);

        await using var db = await _host.DbAsync();
        var rows = await db.AuditLog.Where(a => a.Actor == "mallory").OrderBy(a => a.Id).ToListAsync();
        Assert.StartsWith("denied: 401", rows[0].Outcome);
        Assert.StartsWith("denied: 429", rows[^1].Outcome);
        Assert.All(rows, r => Assert.Equal("login", r.Action));
        Assert.All(rows, r => Assert.DoesNotContain("guess-guess-guess", r.After));
        Assert.All(rows, r => Assert.Equal(LanClientAddress.Address.ToString(), r.SourceIp));
    }

    [Fact]
    public async Task Admin_reads_the_audit_log_filtered_by_actor_and_action_and_a_viewer_may_not()
    {
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        using var viewer = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
        (await _admin.PostAsJsonAsync("/api/v1/runs", new { schedule = "no-such-schedule" })).Dispose();

        var rows = JsonDocument.Parse(await _admin.GetStringAsync("/api/v1/audit?actor=ada&action=start_run")).RootElement.EnumerateArray().ToList();

        var row = Assert.Single(rows);
        Assert.Equal("POST /api/v1/runs", row.GetProperty("request").GetString());
        Assert.StartsWith("failed: 404", row.GetProperty("outcome").GetString());
        Assert.Contains("no-such-schedule", row.GetProperty("target").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task A_schedule_edit_is_audited_with_the_definition_before_and_after()
    {
        var response = await _admin.PutAsJsonAsync("/api/v1/schedules/daily-csv", new { name = "daily-csv", extractor = "tap-csv", loader = "target-jsonl", interval = "0 6 * * 1-5" });
        response.EnsureSuccessStatusCode();

        await using var db = await _host.DbAsync();
        var row = await db.AuditLog.SingleAsync(a => a.Action == "save_schedule");
        Assert.Equal(("ada", "ok"), (row.Actor, row.Outcome));
        Assert.Contains("\"interval\":\"@daily\"", row.Before);
        Assert.Contains("\"interval\":\"0 6 * * 1-5\"", row.After);
    }

    [Fact]
    public async Task A_refused_write_of_a_sensitive_setting_keeps_its_value_out_of_the_audit_log()
    {
        var response = await _admin.PutAsJsonAsync("/api/v1/plugins/extractors/tap-postgres/settings/password", new { value = "leak-me-please", store = "nowhere" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        await using var db = await _host.DbAsync();
        var row = await db.AuditLog.SingleAsync(a => a.Action == "set_plugin_setting");
        Assert.StartsWith("failed: 400", row.Outcome);
        Assert.Contains("(redacted)", row.After);
        Assert.DoesNotContain("leak-me-please", row.After + row.Before + row.Target);
    }
}
