namespace Tapline.Core.Notifications;

/// <summary>
/// The hook for <c>freshness_breached</c>: the Scheduler's <c>FreshnessBreachSource</c> adapts Core's
/// <c>ScheduleFreshness</c> (stored state + thresholds + now -> per-stream lag and breach) to it.
/// </summary>
public interface IFreshnessBreachSource
{
    /// <summary>Streams late at <paramref name="now"/>, one event each (Pipeline = state id, Stream set).</summary>
    Task<IReadOnlyList<NotificationEvent>> BreachesAsync(DateTime now, CancellationToken cancellationToken);
}
