namespace Tapline.Core.Notifications;

/// <summary>
/// The hook for <c>freshness_breached</c>: the insight feature's Core freshness function (stored state + thresholds +
/// now -> per-stream lag and breach) is adapted to this and registered with the notifier; until then no source is
/// registered and the event kind is accepted in rules but never raised.
/// </summary>
public interface IFreshnessBreachSource
{
    /// <summary>Streams late at <paramref name="now"/>, one event each (Pipeline = state id, Stream set).</summary>
    Task<IReadOnlyList<NotificationEvent>> BreachesAsync(DateTime now, CancellationToken cancellationToken);
}
