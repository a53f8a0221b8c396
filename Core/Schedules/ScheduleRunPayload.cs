using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tapline.Core.Pipelines.Runs;

namespace Tapline.Core.Schedules;

/// <summary>
/// What a scheduled run carries in <c>runs.payload</c>: the engine's <see cref="RunOptions"/>
/// (environment, state id of an elt-style schedule, timeout — the Runner executes those) plus the
/// Scheduler's own keys (schedule, retries, attempt, fire time, env, transform), which
/// <see cref="RunOptions.FromPayload"/> ignores.
/// </summary>
public sealed record ScheduleRunPayload
{
    [JsonPropertyName("environment")] public string? Environment { get; init; }
    [JsonPropertyName("env")] public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    [JsonPropertyName("transform")] public string? Transform { get; init; }
    [JsonPropertyName("retries")] public int Retries { get; init; }
    [JsonPropertyName("attempt")] public int Attempt { get; init; }
    [JsonPropertyName("timeout_seconds")] public double? TimeoutSeconds { get; init; }
    [JsonPropertyName("fire_time")] public DateTimeOffset? FireTime { get; init; }
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    [JsonPropertyName("state_id")] public string? StateId { get; init; }

    public static ScheduleRunPayload For(CompiledSchedule schedule, DateTimeOffset? fireTime, int attempt = 0, string? environment = null) => new()
    {
        Environment = environment ?? schedule.Environment,
        Schedule = schedule.Name,
        StateId = schedule.Kind == ScheduleKind.Elt ? schedule.StateId : null,
        Env = schedule.Definition.Env,
        Transform = schedule.Definition.Transform,
        Retries = schedule.Policies.Retries,
        Attempt = attempt,
        TimeoutSeconds = schedule.Policies.Timeout?.TotalSeconds,
        FireTime = fireTime,
    };

    /// <summary>The engine's run options with the Scheduler's keys added.</summary>
    public string ToJson()
    {
        var options = new RunOptions { Environment = Environment, StateId = StateId, TimeoutSeconds = TimeoutSeconds };
        var json = JsonNode.Parse(options.ToPayload())!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(JsonSerializer.Serialize(this))!.AsObject().ToList())
        {
            if (!json.ContainsKey(key) && value is not null)
            {
                json[key] = value.DeepClone();
            }
        }
        return json.ToJsonString();
    }

    /// <summary>The payload of a run row, or null when it is absent or not one of ours.</summary>
    public static ScheduleRunPayload? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ScheduleRunPayload>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
