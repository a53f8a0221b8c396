using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tapline.Core.Schedules;

/// <summary>
/// What a scheduled run carries for the Runner in <c>runs.payload</c>: the schedule's env and
/// transform, its retry budget and which attempt this is, its timeout, and the fire it belongs to.
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

    public static ScheduleRunPayload For(CompiledSchedule schedule, DateTimeOffset? fireTime, int attempt = 0, string? environment = null) => new()
    {
        Environment = environment,
        Env = schedule.Definition.Env,
        Transform = schedule.Definition.Transform,
        Retries = schedule.Policies.Retries,
        Attempt = attempt,
        TimeoutSeconds = schedule.Policies.Timeout?.TotalSeconds,
        FireTime = fireTime,
    };

    public string ToJson() => JsonSerializer.Serialize(this);

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
