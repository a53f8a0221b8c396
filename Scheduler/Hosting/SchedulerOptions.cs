using Microsoft.Extensions.Configuration;

namespace Tapline.Scheduler.Hosting;

/// <summary>
/// The Scheduler's settings, bound from the <c>scheduler</c> configuration section (env
/// <c>scheduler__misfire_threshold</c> ...) plus Meltano's <c>MELTANO_PROJECT_ROOT</c> and
/// <c>MELTANO_ENVIRONMENT</c>.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The Meltano project directory (holds meltano.yml).</summary>
    [ConfigurationKeyName("project_root")]
    public string ProjectRoot { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// Active Meltano environment chosen outside meltano.yml (<c>scheduler:environment</c>, <c>MELTANO_ENVIRONMENT</c> in env
    /// or .env), for state ids (<c>{env}:{tap}-to-{target}</c>); null means meltano.yml's <c>default_environment</c>.
    /// Kept current by <see cref="ResolvePlaces"/> on every reload, so an edit of .env needs no restart.
    /// </summary>
    [ConfigurationKeyName("environment")]
    public string? Environment { get; set; }

    /// <summary>
    /// Resolves the project's places again (Core's <see cref="Tapline.Core.Places.ProjectPlaces.Resolve"/> with the
    /// arguments the Scheduler started with); null when the options were built by hand (tests), which keeps
    /// <see cref="Environment"/> as given.
    /// </summary>
    public Func<Tapline.Core.Places.ProjectPlaces>? ResolvePlaces { get; internal set; }

    /// <summary>Quartz scheduler name (<c>sched_name</c>); every replica of one deployment shares it.</summary>
    [ConfigurationKeyName("scheduler_name")]
    public string SchedulerName { get; set; } = "tapline";

    /// <summary>How late a fire may be before it counts as missed and the schedule's misfire policy decides.</summary>
    [ConfigurationKeyName("misfire_threshold")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often meltano.yml is re-hashed in case a file event was lost (network volumes, editors that swap files).</summary>
    [ConfigurationKeyName("rescan_interval")]
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Quiet time after a file event before reloading, so an editor's burst of writes is one reload.</summary>
    [ConfigurationKeyName("debounce")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Cluster check-in interval; a dead replica's work is taken over after about twice this.</summary>
    [ConfigurationKeyName("checkin_interval")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Quartz worker threads: a fire only inserts a row, so a few go a long way.</summary>
    [ConfigurationKeyName("max_concurrency")]
    public int MaxConcurrency { get; set; } = 50;

    /// <summary>
    /// Triggers acquired per trip to the job store. Quartz's default of 1 means one database lock
    /// round trip per fire, which falls behind with thousands of schedules due in the same second.
    /// </summary>
    [ConfigurationKeyName("max_batch_size")]
    public int MaxBatchSize { get; set; } = 50;

    /// <summary>How often running scheduled runs are checked against their timeout and failed ones for retries.</summary>
    [ConfigurationKeyName("policy_sweep_interval")]
    public TimeSpan PolicySweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    public string MeltanoYmlPath => Path.Combine(ProjectRoot, "meltano.yml");

    /// <summary>The project's .env: <c>MELTANO_ENVIRONMENT</c> there selects the environment.</summary>
    public string DotEnvPath => Path.Combine(ProjectRoot, ".env");
}
