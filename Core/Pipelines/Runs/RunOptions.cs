using System.Text.Json;
using System.Text.Json.Serialization;
using Tapline.Core.Singer;

namespace Tapline.Core.Pipelines.Runs;

/// <summary>
/// The options of <c>tapline run</c> / <c>elt</c> (Meltano's flags), also stored as the run row's
/// payload so a worker executes a queued run exactly as it was asked for.
/// </summary>
public sealed record RunOptions
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The Meltano environment the run was asked in (null: the project's default).</summary>
    public string? Environment { get; init; }
    public bool FullRefresh { get; init; }
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

    public string ToPayload() => JsonSerializer.Serialize(this, Json);

    public static RunOptions FromPayload(string? payload) =>
        string.IsNullOrWhiteSpace(payload) ? new RunOptions() : JsonSerializer.Deserialize<RunOptions>(payload, Json) ?? new RunOptions();
}
