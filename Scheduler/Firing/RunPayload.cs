using System.Text.Json.Serialization;

namespace Tapline.Scheduler.Firing;

/// <summary>
/// The options a scheduled run carries for the Runner (<c>runs.payload</c>): the schedule's
/// environment variables and transform, and its retry and timeout policy.
/// </summary>
public sealed record RunPayload
{
    [JsonPropertyName("environment")] public string? Environment { get; init; }
    [JsonPropertyName("env")] public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    [JsonPropertyName("transform")] public string? Transform { get; init; }
    [JsonPropertyName("retries")] public int Retries { get; init; }
    [JsonPropertyName("attempt")] public int Attempt { get; init; }
    [JsonPropertyName("timeout_seconds")] public double? TimeoutSeconds { get; init; }
    [JsonPropertyName("fire_time")] public DateTimeOffset FireTime { get; init; }

    public static RunPayload For(ScheduledRunRequest request) => new()
    {
        Env = request.Schedule.Definition.Env,
        Transform = request.Schedule.Definition.Transform,
        Retries = request.Schedule.Policies.Retries,
        Attempt = request.Attempt,
        TimeoutSeconds = request.Schedule.Policies.Timeout?.TotalSeconds,
        FireTime = request.FireTime,
    };
}
