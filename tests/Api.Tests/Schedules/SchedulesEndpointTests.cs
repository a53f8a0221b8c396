using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Tests.Schedules;

public sealed class SchedulesEndpointTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();
    private HttpClient _client = null!;
    private string MeltanoYml => Path.Combine(_host.ProjectRoot, "meltano.yml");

    public async Task InitializeAsync()
    {
        await DemoProject.WriteAsync(_host.ProjectRoot);
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
    public async Task List_shows_interval_words_next_fire_and_the_last_runs()
    {
        await _host.AddRunAsync(r => { r.ScheduleName = "daily-csv"; r.Status = RunStatus.Failed; r.Records = 7; });
        var last = await _host.AddRunAsync(r => { r.ScheduleName = "daily-csv"; r.Records = 42; });

        var schedules = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/schedules")).EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

        var daily = schedules["daily-csv"];
        Assert.Equal("elt", daily.GetProperty("kind").GetString());
        Assert.Equal("0 0 * * *", daily.GetProperty("cron").GetString());
        Assert.Equal("every day at 00:00 UTC", daily.GetProperty("intervalText").GetString());
        var next = daily.GetProperty("nextFireAt").GetDateTime().ToUniversalTime();
        Assert.Equal(TimeSpan.Zero, next.TimeOfDay);
        Assert.True(next > DateTime.UtcNow);
        Assert.Equal(last.Id, daily.GetProperty("lastRun").GetProperty("id").GetInt64());
        Assert.Equal(42, daily.GetProperty("lastRun").GetProperty("records").GetInt64());
        Assert.Equal(2, daily.GetProperty("recent").GetArrayLength());

        var job = schedules["nightly-job"];
        Assert.Equal("job", job.GetProperty("kind").GetString());
        Assert.Equal(["tap-csv target-jsonl"], job.GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("lastRun").ValueKind);
    }

    [Fact]
    public async Task Create_writes_meltano_yml_and_returns_201()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/schedules", new { name = "hourly-csv", extractor = "tap-csv", loader = "target-jsonl", interval = "@hourly" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/schedules/hourly-csv", response.Headers.Location?.ToString());
        Assert.Equal("every hour at minute 0", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intervalText").GetString());
        Assert.Contains("hourly-csv", await File.ReadAllTextAsync(MeltanoYml));
    }

    [Theory]
    [InlineData("""{"name":"x","extractor":"tap-csv","loader":"target-jsonl","interval":"61 * * * *"}""", "interval")]
    [InlineData("""{"name":"x","extractor":"tap-csv","interval":"@daily"}""", "loader")]
    [InlineData("""{"name":"x","extractor":"tap-csv","loader":"target-jsonl","job":"csv-to-jsonl","interval":"@daily"}""", "job")]
    [InlineData("""{"name":"x","extractor":"tap-nope","loader":"target-jsonl","interval":"@daily"}""", "tap-nope")]
    [InlineData("""{"name":"x","job":"no-such-job","interval":"@daily"}""", "no-such-job")]
    [InlineData("""{"name":"x y","extractor":"tap-csv","loader":"target-jsonl","interval":"@daily"}""", "name")]
    public async Task Invalid_schedules_are_400_naming_the_field_and_meltano_yml_is_untouched(string body, string hint)
    {
        var before = await File.ReadAllTextAsync(MeltanoYml);

        var detail = await ProblemAssert.IsProblemAsync(
            await _client.PostAsync("/api/v1/schedules", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Contains(hint, detail);
        Assert.Equal(before, await File.ReadAllTextAsync(MeltanoYml));
    }

    [Fact]
    public async Task Duplicate_name_is_409()
    {
        await ProblemAssert.IsProblemAsync(
            await _client.PostAsJsonAsync("/api/v1/schedules", new { name = "daily-csv", extractor = "tap-csv", loader = "target-jsonl", interval = "@daily" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Update_disable_enable_and_delete_change_meltano_yml()
    {
        var updated = await _client.PutAsJsonAsync("/api/v1/schedules/daily-csv", new { extractor = "tap-csv", loader = "target-jsonl", interval = "0 6 * * 1-5" });
        updated.EnsureSuccessStatusCode();
        Assert.Equal("every weekday (Monday to Friday) at 06:00 UTC", (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intervalText").GetString());

        var disabled = await (await _client.PostAsync("/api/v1/schedules/daily-csv/disable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, disabled.GetProperty("nextFireAt").ValueKind);
        Assert.Contains("enabled: false", await File.ReadAllTextAsync(MeltanoYml));

        var enabled = await (await _client.PostAsync("/api/v1/schedules/daily-csv/enable", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(enabled.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/v1/schedules/daily-csv")).StatusCode);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/schedules/daily-csv"), HttpStatusCode.NotFound);
        Assert.DoesNotContain("daily-csv", await File.ReadAllTextAsync(MeltanoYml));
    }

    [Fact]
    public async Task Jobs_are_listed_with_their_tasks()
    {
        var jobs = await _client.GetFromJsonAsync<JsonElement>("/api/v1/jobs");

        var job = Assert.Single(jobs.EnumerateArray());
        Assert.Equal("csv-to-jsonl", job.GetProperty("name").GetString());
        Assert.Equal("tap-csv target-jsonl", job.GetProperty("tasks")[0].GetString());
    }

    [Fact]
    public async Task Run_now_of_an_elt_schedule_queues_a_run_with_trigger_api()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/runs/{run.GetProperty("id").GetInt64()}", response.Headers.Location?.ToString());
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal("api", run.GetProperty("trigger").GetString());
        Assert.Equal("daily-csv", run.GetProperty("stateId").GetString());
        Assert.Equal("tap-csv target-jsonl", run.GetProperty("block").GetString());
        Assert.Equal("ada", run.GetProperty("requestedBy").GetString());
        await using var db = await _host.DbAsync();
        var row = await db.Runs.SingleAsync(r => r.Id == run.GetProperty("id").GetInt64());
        var options = Tapline.Core.Pipelines.Runs.RunOptions.FromPayload(row.Payload);
        Assert.Equal("dev", options.Environment);
        Assert.Equal("daily-csv", options.StateId);
    }

    [Fact]
    public async Task Run_now_of_a_job_uses_the_environment_state_id_of_its_first_pair()
    {
        var run = await (await _client.PostAsJsonAsync("/api/v1/runs", new { job = "csv-to-jsonl" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("dev:tap-csv-to-target-jsonl", run.GetProperty("stateId").GetString());
        Assert.Equal("csv-to-jsonl", run.GetProperty("jobName").GetString());
    }

    [Fact]
    public async Task Run_now_needs_exactly_one_of_schedule_or_job_and_an_existing_one()
    {
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/v1/runs", new { }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _client.PostAsJsonAsync("/api/v1/runs", new { schedule = "nope" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Project_readonly_refuses_schedule_changes_but_allows_run_now()
    {
        using var host = new ApiHost(new Dictionary<string, string?> { ["MELTANO_PROJECT_READONLY"] = "true" });
        await DemoProject.WriteAsync(host.ProjectRoot);
        await host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        using var client = host.ClientWithToken(await host.LoginAsync("ada", Secrets.AdminPassword));

        var detail = await ProblemAssert.IsProblemAsync(
            await client.PostAsJsonAsync("/api/v1/schedules", new { name = "x", extractor = "tap-csv", loader = "target-jsonl", interval = "@daily" }), HttpStatusCode.Forbidden);
        Assert.Contains("project is read-only", detail);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv" })).StatusCode);
    }

    [Fact]
    public async Task A_schedule_with_timezone_and_start_date_has_the_next_fire_the_scheduler_computes()
    {
        // Before, the Api read 5-field UTC cron only: it answered "tomorrow 02:00 UTC" for this schedule.
        await AppendScheduleAsync("""
            - name: berlin-later
              extractor: tap-csv
              loader: target-jsonl
              interval: '0 2 * * *'
              timezone: Europe/Berlin
              start_date: '2030-01-10'
            """);

        var view = await _client.GetFromJsonAsync<JsonElement>("/api/v1/schedules/berlin-later");

        // 02:00 in Berlin (winter, UTC+1) on the start date is 01:00 UTC.
        Assert.Equal(new DateTime(2030, 1, 10, 1, 0, 0, DateTimeKind.Utc), view.GetProperty("nextFireAt").GetDateTime().ToUniversalTime());
        Assert.Equal("Europe/Berlin", view.GetProperty("timezone").GetString());
        Assert.Equal("every day at 02:00 Europe/Berlin", view.GetProperty("intervalText").GetString());
        var core = Tapline.Core.Schedules.ProjectScheduleSpecs.Compile(Tapline.Core.Project.ProjectLoader.Load(_host.ProjectRoot), "dev")
            .Find("berlin-later")!.NextFire(_host.Clock.GetUtcNow());
        Assert.Equal(core!.Value.UtcDateTime, view.GetProperty("nextFireAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Quarterly_is_refused_as_the_scheduler_and_the_cli_refuse_it()
    {
        var detail = await ProblemAssert.IsProblemAsync(
            await _client.PostAsJsonAsync("/api/v1/schedules", new { name = "q", extractor = "tap-csv", loader = "target-jsonl", interval = "@quarterly" }), HttpStatusCode.BadRequest);

        Assert.Contains("@quarterly", detail);
        Assert.False(Tapline.Core.Schedules.IntervalParser.TryParse("q", "@quarterly", out _, out _));
        var preview = await _client.GetFromJsonAsync<JsonElement>("/api/v1/schedules/interval?text=%40quarterly");
        Assert.Contains("not a known preset", preview.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Interval_preview_says_the_words_and_next_fire_core_gives()
    {
        var preview = await _client.GetFromJsonAsync<JsonElement>("/api/v1/schedules/interval?text=30%206%20*%20*%201-5&timezone=America%2FNew_York");

        Assert.Equal("every weekday (Monday to Friday) at 06:30 America/New_York", preview.GetProperty("words").GetString());
        Assert.Equal("30 6 * * 1-5", preview.GetProperty("cron").GetString());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("error").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, preview.GetProperty("nextFireAt").ValueKind);
    }

    [Fact]
    public async Task A_broken_schedule_is_listed_with_its_error_and_the_schedulers_last_fire()
    {
        await AppendScheduleAsync("""
            - name: broken
              extractor: tap-csv
              loader: target-jsonl
              interval: '@daily'
              timezone: Mars/Olympus
            """);
        var lastFire = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = await _host.DbAsync())
        {
            db.ScheduleStatus.Add(new Tapline.Core.Schedules.ScheduleStatusRecord
            {
                Name = "daily-csv", LastFireAt = lastFire, LastFireKey = "daily-csv@2026-11-30T00:00:00Z", LastOutcome = "enqueued",
                NextFireAt = lastFire.AddDays(1), UpdatedAt = lastFire,
            });
            await db.SaveChangesAsync();
        }

        var schedules = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/schedules")).EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

        var broken = schedules["broken"];
        Assert.Contains("Mars/Olympus", broken.GetProperty("error").GetString());
        Assert.Contains("timezone", broken.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, broken.GetProperty("nextFireAt").ValueKind);
        var status = schedules["daily-csv"].GetProperty("scheduler");
        Assert.Equal(lastFire, status.GetProperty("lastFireAt").GetDateTime().ToUniversalTime());
        Assert.Equal("enqueued", status.GetProperty("lastOutcome").GetString());
    }

    [Fact]
    public async Task Run_now_carries_the_schedules_env_and_timeout_as_the_scheduler_would()
    {
        // Before, "Run now" dropped env: and timeout, which a fire and `tapline schedule run` keep.
        await AppendScheduleAsync("""
            - name: with-env
              extractor: tap-csv
              loader: target-jsonl
              interval: '@hourly'
              timeout: 90s
              retries: 2
              env:
                TAP_CSV_DELIMITER: ';'
            """);

        var run = await (await _client.PostAsJsonAsync("/api/v1/runs", new { schedule = "with-env" })).Content.ReadFromJsonAsync<JsonElement>();

        await using var db = await _host.DbAsync();
        var row = await db.Runs.SingleAsync(r => r.Id == run.GetProperty("id").GetInt64());
        var options = Tapline.Core.Pipelines.Runs.RunOptions.FromPayload(row.Payload);
        Assert.Equal(";", options.Env!["TAP_CSV_DELIMITER"]);
        Assert.Equal(90.0, options.TimeoutSeconds);
        Assert.Equal(("with-env", 2), (options.Schedule, options.Retries));
        var project = Tapline.Core.Project.ProjectLoader.Load(_host.ProjectRoot);
        var compiled = Tapline.Core.Schedules.ProjectScheduleSpecs.Compile(project, "dev").Find("with-env")!;
        var fired = Tapline.Core.Schedules.RunRequests.ForSchedule(compiled, RunTrigger.Schedule, environment: "dev");
        Assert.Equal(fired.Payload, row.Payload);
        Assert.Equal((fired.StateId, fired.Block), (row.StateId, row.Block));
    }

    [Fact]
    public async Task Run_now_of_a_job_honours_the_environments_state_id_suffix()
    {
        var yml = await File.ReadAllTextAsync(MeltanoYml);
        await File.WriteAllTextAsync(MeltanoYml, yml.Replace("- name: dev\n", "- name: dev\n  state_id_suffix: blue\n"));

        var run = await (await _client.PostAsJsonAsync("/api/v1/runs", new { job = "csv-to-jsonl" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("dev:tap-csv-to-target-jsonl:blue", run.GetProperty("stateId").GetString());
    }

    private async Task AppendScheduleAsync(string entry)
    {
        var yml = await File.ReadAllTextAsync(MeltanoYml);
        await File.WriteAllTextAsync(MeltanoYml, yml.Replace("schedules:\n", "schedules:\n" + entry + "\n"));
    }
}
