using System.Globalization;

namespace Tapline.Core.Schedules;

/// <summary>
/// The unique key of one fire of one schedule (the <c>runs.fire_key</c> column). Two Scheduler
/// replicas, or a Quartz re-fire after a crash, produce the same key for the same fire, and the
/// database's unique index turns the second enqueue into a no-op.
/// </summary>
public static class FireKeys
{
    /// <summary><c>{schedule}@{fire time as UTC ISO-8601 to the second}</c>.</summary>
    public static string For(string schedule, DateTimeOffset fireTime) =>
        $"{schedule}@{fireTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    /// <summary><c>@once</c> schedules fire once ever, whenever that is: <c>{schedule}@once</c>.</summary>
    public static string ForOnce(string schedule) => $"{schedule}@once";

    /// <summary>Retry number <paramref name="attempt"/> of the run enqueued under <paramref name="fireKey"/>.</summary>
    public static string ForRetry(string fireKey, int attempt) => $"{WithoutRetry(fireKey)}#retry{attempt}";

    /// <summary>The fire key of the original run a retry belongs to.</summary>
    public static string WithoutRetry(string fireKey)
    {
        var hash = fireKey.LastIndexOf("#retry", StringComparison.Ordinal);
        return hash < 0 ? fireKey : fireKey[..hash];
    }
}
