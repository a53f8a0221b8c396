using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tapline.Core.Singer;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// The options of <c>tapline run</c> / <c>elt</c> (Meltano's flags), also stored as the run row's
/// payload so a worker executes a queued run exactly as it was asked for. The one payload schema:
/// a scheduled run's keys (schedule, retries, attempt, fire time, transform) live here too, so the
/// Scheduler, its retry sweeper, the Api and the CLI read and write the same document.
/// </summary>
public sealed record RunOptions
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter<StateStrategy>(JsonNamingPolicy.SnakeCaseLower) },
        // Generated metadata: every run writes and reads its payload, and reflection's would be built (and jitted) per process.
        TypeInfoResolver = Data.Runs.RunJsonContext.Default,
    };

    // The generated metadata as a typed JsonTypeInfo: the object/options overloads are not Native AOT-safe.
    private static readonly JsonTypeInfo<RunOptions> TypeInfo = (JsonTypeInfo<RunOptions>)Json.GetTypeInfo(typeof(RunOptions));

    /// <summary>The Meltano environment the run was asked in (null: the project's default).</summary>
    public string? Environment { get; init; }
    public bool FullRefresh { get; init; }

    /// <summary>
    /// Full refresh of these streams only (<c>run --full-refresh --select STREAM</c>, the Api's <c>fullRefreshStreams</c>):
    /// their bookmarks are left out of the tap's state, the other streams keep theirs (<see cref="StreamRefresh"/>).
    /// </summary>
    public IReadOnlyList<string> FullRefreshStreams { get; init; } = [];
    public bool RefreshCatalog { get; init; }
    public bool NoStateUpdate { get; init; }
    public string? StateIdSuffix { get; init; }

    /// <summary><c>elt --state-id</c> and elt-style schedules: the state id of the (single) block.</summary>
    public string? StateId { get; init; }
    public StateStrategy StateStrategy { get; init; } = StateStrategy.Auto;

    /// <summary><c>--select</c> / <c>--exclude</c> (Meltano's select_filter; exclusions carry a leading '!').</summary>
    public IReadOnlyList<string> SelectFilter { get; init; } = [];

    /// <summary>A schedule's <c>env:</c>: set for the run as if in the process environment (so it also feeds settings).</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>Per-run timeout (a schedule's <c>timeout</c>); null: none.</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>A schedule's <c>stall_timeout</c>; null: the project's <c>runner.stall_timeout</c> decides.</summary>
    public double? StallTimeoutSeconds { get; init; }

    /// <summary>The schedule the run was asked for by (a fire, "Run now" or <c>tapline schedule run</c>).</summary>
    public string? Schedule { get; init; }

    /// <summary>An elt-style schedule's <c>transform</c> (run | skip | only).</summary>
    public string? Transform { get; init; }

    /// <summary>The schedule's <c>retries</c> policy and which attempt this run is (0: the first).</summary>
    public int Retries { get; init; }
    public int Attempt { get; init; }

    /// <summary>The fire this run belongs to; null when asked for by hand.</summary>
    public DateTimeOffset? FireTime { get; init; }

    /// <summary>The run this one retries by hand (the run page's Retry: from its last saved state).</summary>
    public long? RetryOf { get; init; }

    /// <summary>The run this one repeats with the same options (the run page's Re-run).</summary>
    public long? RerunOf { get; init; }

    public string ToPayload() => JsonSerializer.Serialize(this, TypeInfo);

    public static RunOptions FromPayload(string? payload) =>
        string.IsNullOrWhiteSpace(payload) ? new RunOptions() : JsonSerializer.Deserialize(payload, TypeInfo) ?? new RunOptions();

    /// <summary>The payload of a run row, or null when it is absent or not valid JSON (a row from elsewhere).</summary>
    public static RunOptions? TryFromPayload(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return null;
        }
        try
        {
            return FromPayload(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

