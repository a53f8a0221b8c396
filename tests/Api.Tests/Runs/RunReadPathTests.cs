using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tapline.Api.Access;
using Tapline.Api.Runs;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Api.Tests.Runs;

/// <summary>
/// The runs list and detail read rows with plain SQL; these read the same rows through EF (the path they
/// replaced) and require the same JSON to the byte: times (kind, sub-millisecond digits), statuses,
/// triggers, the payload's retry/rerun links, stream counts with and without bytes, exit codes.
/// </summary>
public sealed class RunReadPathTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task List_pages_match_what_EF_reads_for_the_same_rows(string provider)
    {
        using var host = await HostAsync(provider);
        var client = await ClientAsync(host);
        await SeedAsync(host);

        foreach (var (page, pageSize) in new[] { (1, 4), (2, 4), (3, 4), (1, 50) })
        {
            var actual = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs?page={page}&pageSize={pageSize}");
            await using var db = await host.DbAsync();
            var rows = await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync();
            Assert.Equal(Json(host, rows.Select(RunView.From).ToList()), actual.GetProperty("items").GetRawText());
            Assert.Equal(await db.Runs.CountAsync(), actual.GetProperty("total").GetInt32());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Filtered_list_matches_EF_s_filter_for_state_schedule_status_trigger_and_time(string provider)
    {
        using var host = await HostAsync(provider);
        var client = await ClientAsync(host);
        var now = await SeedAsync(host);
        var from = now.AddMinutes(-30).AddTicks(5);
        var to = now.AddMinutes(-2);

        var actual = await client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/runs?stateId=dev%3Aa-to-b&schedule=hourly&status=failed&trigger=schedule&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}&pageSize=2");

        await using var db = await host.DbAsync();
        var matching = db.Runs.AsNoTracking().Where(r => r.StateId == "dev:a-to-b" && r.ScheduleName == "hourly" && r.Status == RunStatus.Failed
            && r.Trigger == RunTrigger.Schedule && r.QueuedAt >= from && r.QueuedAt < to);
        var rows = await matching.OrderByDescending(r => r.Id).Take(2).ToListAsync();
        Assert.NotEmpty(rows);
        Assert.Equal(Json(host, rows.Select(RunView.From).ToList()), actual.GetProperty("items").GetRawText());
        Assert.Equal(await matching.CountAsync(), actual.GetProperty("total").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Detail_matches_what_EF_reads_for_every_row(string provider)
    {
        using var host = await HostAsync(provider);
        var client = await ClientAsync(host);
        await SeedAsync(host);

        await using var db = await host.DbAsync();
        foreach (var row in await db.Runs.AsNoTracking().ToListAsync())
        {
            var actual = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{row.Id}");
            Assert.Equal(Json(host, RunDetail.From(row)), actual.GetRawText());
        }
    }

    private static async Task<ApiHost> HostAsync(string provider) =>
        provider == "postgres" ? await ApiHost.CreatePostgresAsync() : new ApiHost();

    private static async Task<HttpClient> ClientAsync(ApiHost host)
    {
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        return host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));
    }

    private static string Json<T>(ApiHost host, T value) =>
        JsonSerializer.Serialize(value, host.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);

    /// <summary>Rows of every shape the list and detail show; returns the time they are placed around.</summary>
    private static async Task<DateTime> SeedAsync(ApiHost host)
    {
        // Microsecond digits (PostgreSQL keeps six), so a reader that dropped or rounded them would show.
        var now = new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560);
        var statuses = Enum.GetValues<RunStatus>();
        var triggers = Enum.GetValues<RunTrigger>();
        for (var i = 0; i < 12; i++)
        {
            var n = i;
            await host.AddRunAsync(r =>
            {
                r.StateId = n % 3 == 0 ? "dev:c-to-d" : "dev:a-to-b";
                r.ScheduleName = n % 4 == 3 ? null : "hourly";
                r.JobName = n % 4 == 3 ? "nightly-job" : null;
                r.Status = n < 6 ? RunStatus.Failed : statuses[n % statuses.Length];
                r.Trigger = n % 5 == 4 ? RunTrigger.Api : triggers[n % 2 == 0 ? Array.IndexOf(triggers, RunTrigger.Schedule) : n % triggers.Length];
                r.RequestedBy = n % 2 == 0 ? "ada" : null;
                r.QueuedAt = now.AddMinutes(-5 * n).AddTicks(n * 10);
                r.StartedAt = n % 6 == 5 ? null : r.QueuedAt.AddSeconds(1.5);
                r.EndedAt = n % 6 == 5 ? null : r.QueuedAt.AddSeconds(63.1234);
                r.HeartbeatAt = n % 2 == 0 ? r.QueuedAt.AddSeconds(30) : null;
                r.WorkerId = $"runner-{n % 2}:4{n}";
                r.Records = n * 1000L + 7;
                r.Error = n % 3 == 1 ? "Loader failed: relation \"users\" — ü does not exist" : null;
                r.TraceParent = n % 2 == 0 ? $"00-{n:x32}-{n:x16}-01" : null;
                r.ExitCodes = n % 4 == 2 ? null : $$"""{"tap-csv": 0, "target-jsonl": {{n % 3}}}""";
                r.StreamCounts = (n % 3) switch
                {
                    0 => """{"users": 12, "orders": 3}""",
                    1 => """{"users": {"records": 1200, "bytes": 240000}, "orders": {"records": 54, "bytes": 9007199254740993}}""",
                    _ => null,
                };
                r.LogPath = $".meltano/logs/elt/dev:a-to-b/{n}/elt.log";
                r.CancelRequested = n % 7 == 6;
                r.Payload = (n % 3) switch
                {
                    0 => new RunOptions { RetryOf = 41 }.ToPayload(),
                    1 => new RunOptions { RerunOf = 40 }.ToPayload(),
                    _ => null,
                };
            });
        }
        return now;
    }
}
