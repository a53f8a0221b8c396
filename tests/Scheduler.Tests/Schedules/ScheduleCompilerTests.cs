using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Tests.Schedules;

public sealed class ScheduleCompilerTests
{
    private static readonly ScheduleContext Project = new()
    {
        Environment = "prod",
        Extractors = new HashSet<string> { "tap-csv" },
        Loaders = new HashSet<string> { "target-jsonl" },
        Jobs = new Dictionary<string, IReadOnlyList<string>> { ["csv-to-jsonl"] = ["tap-csv target-jsonl"] },
    };

    [Fact]
    public void Elt_schedule_uses_its_name_as_state_id_and_job_schedule_uses_env_tap_to_target()
    {
        var set = ScheduleCompiler.Compile(
        [
            new ScheduleDefinition { Name = "daily-csv", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl" },
            new ScheduleDefinition { Name = "hourly-job", Interval = "@hourly", Job = "csv-to-jsonl" },
        ], Project);

        Assert.Empty(set.Problems);
        Assert.Equal("daily-csv", set.Find("daily-csv")!.StateId);
        Assert.Equal(ScheduleKind.Job, set.Find("hourly-job")!.Kind);
        Assert.Equal("prod:tap-csv-to-target-jsonl", set.Find("hourly-job")!.StateId);
        Assert.Equal("tap-csv target-jsonl", set.Find("hourly-job")!.Block);
    }

    [Fact]
    public void A_job_schedules_state_id_carries_the_environments_state_id_suffix_as_the_engine_generates_it()
    {
        // Before, the Scheduler's job state id ignored state_id_suffix while the engine's included it.
        var context = Project with { StateIdSuffix = "blue" };

        var schedule = ScheduleCompiler.CompileOne(new ScheduleDefinition { Name = "hourly-job", Interval = "@hourly", Job = "csv-to-jsonl" }, context);

        Assert.Equal("prod:tap-csv-to-target-jsonl:blue", schedule.StateId);
        var prod = new Tapline.Core.Project.EnvironmentDefinition { Name = "prod", StateIdSuffix = "blue", Location = new("meltano.yml", 1, 1) };
        Assert.Equal(Tapline.Core.Pipelines.Runs.StateIds.Generate(prod, "tap-csv", "target-jsonl", null), schedule.StateId);
        Assert.Equal(schedule.StateId, RunRequests.ForJob("csv-to-jsonl", context, Tapline.Core.Data.Runs.RunTrigger.Api).StateId);
    }

    [Fact]
    public void A_broken_schedule_is_reported_and_the_others_stay_valid()
    {
        var set = ScheduleCompiler.Compile(
        [
            new ScheduleDefinition { Name = "good", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl" },
            new ScheduleDefinition { Name = "bad-cron", Interval = "0 25 * * *", Extractor = "tap-csv", Loader = "target-jsonl", Location = new SourceLocation("meltano.yml", 12, 3) },
            new ScheduleDefinition { Name = "bad-plugin", Interval = "@daily", Extractor = "tap-nope", Loader = "target-jsonl" },
            new ScheduleDefinition { Name = "bad-job", Interval = "@daily", Job = "nope" },
        ], Project);

        Assert.Equal(["good"], set.Valid.Select(s => s.Name));
        Assert.Equal(["bad-cron", "bad-plugin", "bad-job"], set.Problems.Select(p => p.Schedule));
        Assert.Equal("meltano.yml line 12: schedule 'bad-cron', field 'interval': \"0 25 * * *\": hour \"25\": 25 is out of range 0-23",
            set.Problems[0].ToString());
        Assert.Contains("unknown extractor 'tap-nope'; extractors in this project: tap-csv", set.Problems[1].Message);
        Assert.Contains("unknown job 'nope'", set.Problems[2].Message);
    }

    [Fact]
    public void Policies_are_read_from_extra_keys_with_meltano_friendly_defaults()
    {
        var plain = ScheduleCompiler.CompileOne(new ScheduleDefinition { Name = "a", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl" }, Project);
        Assert.Equal(SchedulePolicies.Default, plain.Policies);

        var tuned = ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = "b", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl",
            Extras = new Dictionary<string, object?> { ["misfire"] = "run_once", ["overlap"] = "queue", ["retries"] = "3", ["timeout"] = "1h30m", ["timezone"] = "Europe/Berlin" },
        }, Project);
        Assert.Equal(new SchedulePolicies(MisfirePolicy.RunOnce, OverlapPolicy.Queue, 3, TimeSpan.FromMinutes(90)), tuned.Policies);
        Assert.Equal("every day at 00:00 Europe/Berlin", tuned.Description);
    }

    [Fact]
    public void Every_bad_policy_is_named_at_once()
    {
        var e = Assert.Throws<ScheduleException>(() => ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = "c", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl",
            Extras = new Dictionary<string, object?> { ["misfire"] = "later", ["overlap"] = "both", ["retries"] = "-1", ["timeout"] = "soon", ["timezone"] = "Mars/Olympus" },
        }, Project));
        Assert.Equal(["timezone", "misfire", "overlap", "retries", "timeout"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Stall_timeout_is_a_schedule_policy_that_travels_in_the_run_payload_and_a_bad_one_is_named()
    {
        var watched = ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = "d", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl",
            Extras = new Dictionary<string, object?> { ["stall_timeout"] = "10m" },
        }, Project);
        Assert.Equal(TimeSpan.FromMinutes(10), watched.Policies.StallTimeout);
        Assert.Equal(600, RunRequests.Options(watched, fireTime: null).StallTimeoutSeconds);

        var e = Assert.Throws<ScheduleException>(() => ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = "e", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl",
            Extras = new Dictionary<string, object?> { ["stall_timeout"] = "whenever" },
        }, Project));
        Assert.Equal(["stall_timeout"], e.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Retry_backoff_doubles_and_is_capped()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), SchedulePolicies.RetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(60), SchedulePolicies.RetryDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(240), SchedulePolicies.RetryDelay(4));
        Assert.Equal(SchedulePolicies.RetryCap, SchedulePolicies.RetryDelay(20));
    }

    [Fact]
    public void Fire_keys_identify_schedule_and_fire_second_in_utc()
    {
        var berlin = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal("daily-csv@2026-03-29T01:00:00Z", FireKeys.For("daily-csv", berlin));
        Assert.Equal("daily-csv@once", FireKeys.ForOnce("daily-csv"));
    }

    [Fact]
    public void Retry_fire_keys_point_back_at_the_original_fire()
    {
        var key = FireKeys.For("daily-csv", new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("daily-csv@2026-11-25T00:00:00Z#retry1", FireKeys.ForRetry(key, 1));
        Assert.Equal("daily-csv@2026-11-25T00:00:00Z#retry2", FireKeys.ForRetry(FireKeys.ForRetry(key, 1), 2));
        Assert.Equal(key, FireKeys.WithoutRetry(FireKeys.ForRetry(key, 3)));
    }

    [Fact]
    public void Run_payload_carries_policies_and_round_trips()
    {
        var schedule = ScheduleCompiler.CompileOne(new ScheduleDefinition
        {
            Name = "p", Interval = "@hourly", Extractor = "tap-csv", Loader = "target-jsonl", Transform = "skip",
            Env = new Dictionary<string, string> { ["TAP_CSV_X"] = "1" },
            Extras = new Dictionary<string, object?> { ["retries"] = "2", ["timeout"] = "90s" },
        }, Project);
        var payload = RunRequests.Options(schedule, new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero), attempt: 1, environment: "prod").ToPayload();

        // One schema: the Runner's engine and the retry sweeper read the same document.
        var back = Tapline.Core.Pipelines.Runs.RunOptions.TryFromPayload(payload)!;
        Assert.Equal((2, 1, 90.0, "skip", "prod", "1", "p"), (back.Retries, back.Attempt, back.TimeoutSeconds!.Value, back.Transform, back.Environment, back.Env!["TAP_CSV_X"], back.StateId));
        Assert.Null(Tapline.Core.Pipelines.Runs.RunOptions.TryFromPayload("not json"));
    }
}
