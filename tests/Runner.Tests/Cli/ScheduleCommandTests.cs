using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary><c>tapline schedule add|set|remove|run|list</c> as a user runs them, against a copy of the demo project.</summary>
public sealed class ScheduleCommandTests
{
    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Schedule_list_gives_each_schedule_the_latest_successful_run_by_its_schedule_name_or_its_state_id(string database)
    {
        var project = CopyOfDemo();
        var env = await CliProjects.DatabaseEnvAsync(database);
        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.Resolve(null, env.GetValueOrDefault("MELTANO_DATABASE_URI"), project));
        var day = new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);
        RunRecord Run(string stateId, string? schedule, RunStatus status, DateTime? ended) => new()
        {
            RunId = Guid.NewGuid(), StateId = stateId, ScheduleName = schedule, Status = status, Trigger = RunTrigger.Schedule,
            Block = "tap-csv target-jsonl", QueuedAt = day.AddDays(-1), EndedAt = ended,
        };
        await using (var context = factory.CreateDbContext())
        {
            context.Runs.AddRange(
                // daily-csv by its state id only; the latest ends at .5 s, after .45 s (times compare as times, not as text lengths).
                Run("daily-csv", null, RunStatus.Success, day),
                Run("daily-csv", null, RunStatus.Success, day.AddMilliseconds(500)),
                Run("manual-id", "daily-csv", RunStatus.Success, day.AddMilliseconds(450)),
                // A later failure, and a run that has not ended, do not count.
                Run("daily-csv", "daily-csv", RunStatus.Failed, day.AddDays(5)),
                Run("daily-csv", "daily-csv", RunStatus.Running, null),
                // Its schedule name wins over its state id: this run is csv-every-5-min's, not daily-csv's.
                Run("daily-csv", "csv-every-5-min", RunStatus.Success, day.AddDays(1)));
            await context.SaveChangesAsync();
        }

        var list = await RunAsync(["--cwd", project, "schedule", "list", "--format", "json"], env: env);

        Assert.True(list.ExitCode == 0, list.ToString());
        var elt = JsonNode.Parse(list.Stdout)!["schedules"]!["elt"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => (string?)s!["last_successful_run_ended_at"]);
        Assert.Equal("2026-03-01T10:00:00.500000", elt["daily-csv"]);
        Assert.Equal("2026-03-02T10:00:00.000000", elt["csv-every-5-min"]);
    }

    [Fact]
    public async Task Schedule_add_writes_meltano_yml_and_list_shows_the_next_run()
    {
        var project = CopyOfDemo();

        var elt = await RunAsync("--cwd", project, "schedule", "add", "hourly-csv", "--extractor", "tap-csv", "--loader", "target-jsonl",
            "--interval", "@hourly", "--timezone", "Europe/Berlin", "--retries", "2", "--stall-timeout", "10m");
        var job = await RunAsync("--cwd", project, "schedule", "add", "weekday-job", "--job", "csv-to-jsonl", "--interval", "30 9 * * 1-5");

        Assert.True(elt.ExitCode == 0, elt.ToString());
        Assert.True(job.ExitCode == 0, job.ToString());
        Assert.Contains("Scheduled elt 'hourly-csv' at @hourly: next run ", elt.Stdout);
        Assert.Contains("every weekday (Monday to Friday) at 09:30 UTC", job.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml"));
        Assert.Contains("- name: hourly-csv", yaml);
        Assert.Contains("timezone: Europe/Berlin", yaml);
        Assert.Contains("retries: 2", yaml);
        Assert.Contains("stall_timeout: 10m", yaml);
        Assert.Contains("job: csv-to-jsonl", yaml);

        var list = await RunAsync("--cwd", project, "schedule", "list", "--format", "json");
        var schedules = JsonNode.Parse(list.Stdout)!["schedules"]!;
        var hourly = schedules["elt"]!.AsArray().Single(s => (string?)s!["name"] == "hourly-csv")!;
        var next = DateTimeOffset.Parse((string)hourly["annotations"]!["tapline"]!["next_run"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, next.Minute);
        Assert.Equal("weekday-job", (string?)schedules["job"]![0]!["name"]);
    }

    [Fact]
    public async Task Schedule_list_gives_a_schedule_with_timezone_and_start_date_the_next_fire_core_computes()
    {
        // The Api and the Scheduler take the next fire from the same Core schedule (Api: SchedulesEndpointTests).
        var project = CopyOfDemo();
        var file = Path.Combine(project, "meltano.yml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("schedules:\n",
            "schedules:\n- name: berlin-later\n  extractor: tap-csv\n  loader: target-jsonl\n  interval: '0 2 * * *'\n  timezone: Europe/Berlin\n  start_date: '2030-01-10'\n",
            StringComparison.Ordinal));

        var list = await RunAsync("--cwd", project, "schedule", "list", "--format", "json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var berlin = JsonNode.Parse(list.Stdout)!["schedules"]!["elt"]!.AsArray().Single(s => (string?)s!["name"] == "berlin-later")!;
        var next = DateTimeOffset.Parse((string)berlin["annotations"]!["tapline"]!["next_run"]!, System.Globalization.CultureInfo.InvariantCulture);
        // 02:00 in Berlin (winter, UTC+1) on the start date.
        Assert.Equal(new DateTimeOffset(2030, 1, 10, 1, 0, 0, TimeSpan.Zero), next.ToUniversalTime());
        var core = Tapline.Core.Schedules.ProjectScheduleSpecs.Compile(Tapline.Core.Project.ProjectLoader.Load(project), null).Find("berlin-later")!;
        Assert.Equal(core.NextFire(DateTimeOffset.UtcNow)!.Value, next.ToUniversalTime());
    }

    [Fact]
    public async Task Schedule_add_refuses_quarterly_as_the_api_and_the_scheduler_do()
    {
        var project = CopyOfDemo();

        var quarterly = await RunAsync("--cwd", project, "schedule", "add", "q", "--extractor", "tap-csv", "--loader", "target-jsonl", "--interval", "@quarterly");

        Assert.Equal(1, quarterly.ExitCode);
        Assert.Contains("@quarterly", quarterly.Stderr);
        Assert.DoesNotContain("name: q\n", await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml")));
    }

    [Fact]
    public async Task Schedule_set_changes_only_the_given_fields_and_remove_deletes()
    {
        var project = CopyOfDemo();

        var set = await RunAsync("--cwd", project, "schedule", "set", "daily-csv", "--interval", "0 6 * * *", "--overlap", "queue");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("every day at 06:00 UTC", set.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml"));
        Assert.Contains("interval: 0 6 * * *", yaml.Replace("'", ""));
        Assert.Contains("extractor: tap-csv", yaml);
        Assert.Contains("overlap: queue", yaml);

        var disabled = await RunAsync("--cwd", project, "schedule", "set", "daily-csv", "--enabled", "false");
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.Contains("(disabled)", (await RunAsync("--cwd", project, "schedule", "list")).Stdout);

        var removed = await RunAsync("--cwd", project, "schedule", "remove", "daily-csv");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain("daily-csv", await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml")));

        var again = await RunAsync("--cwd", project, "schedule", "remove", "daily-csv");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("schedule 'daily-csv' does not exist", again.Stderr);
    }

    [Fact]
    public async Task Bad_schedule_is_refused_naming_the_field_and_meltano_yml_is_untouched()
    {
        var project = CopyOfDemo();
        var before = await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml"));

        var badCron = await RunAsync("--cwd", project, "schedule", "add", "bad", "--extractor", "tap-csv", "--loader", "target-jsonl", "--interval", "0 25 * * *");
        var badZone = await RunAsync("--cwd", project, "schedule", "add", "bad", "--extractor", "tap-csv", "--loader", "target-jsonl", "--interval", "@daily", "--timezone", "Mars/Base");
        var both = await RunAsync("--cwd", project, "schedule", "add", "bad", "--job", "csv-to-jsonl", "--extractor", "tap-csv", "--interval", "@daily");

        Assert.Equal(1, badCron.ExitCode);
        Assert.Contains("schedule 'bad', field 'interval': \"0 25 * * *\": hour \"25\": 25 is out of range 0-23", badCron.Stderr);
        Assert.Equal(1, badZone.ExitCode);
        Assert.Contains("field 'timezone'", badZone.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml")));
    }

    [Fact]
    public async Task Schedule_changes_are_refused_when_the_project_is_read_only()
    {
        var project = CopyOfDemo();
        var before = await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml"));
        var readOnly = new Dictionary<string, string> { ["MELTANO_PROJECT_READONLY"] = "true" };

        var add = await RunAsync(["--cwd", project, "schedule", "add", "x", "--job", "csv-to-jsonl", "--interval", "@daily"], env: readOnly);
        var set = await RunAsync(["--cwd", project, "schedule", "set", "daily-csv", "--interval", "@hourly"], env: readOnly);
        var remove = await RunAsync(["--cwd", project, "schedule", "remove", "daily-csv"], env: readOnly);

        foreach (var r in new[] { add, set, remove })
        {
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("read-only", r.Stderr);
        }
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(project, "meltano.yml")));
    }

    [Fact]
    public async Task Schedule_run_queues_a_run_in_the_system_database_now()
    {
        var project = CopyOfDemo();

        var run = await RunAsync("--cwd", project, "schedule", "run", "daily-csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("of schedule 'daily-csv' queued for state daily-csv", run.Stdout);
        await using var db = new SqliteConnection($"Data Source={Path.Combine(project, ".meltano", "meltano.db")}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT state_id || ' ' || status || ' ' || trigger || ' ' || block || ' ' || (fire_key IS NULL) FROM runs";
        Assert.Equal("daily-csv queued cli tap-csv target-jsonl 1", (string?)await command.ExecuteScalarAsync());
    }
}
