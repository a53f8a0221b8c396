using System.Globalization;
using Tapline.Core.Data.State;
using Tapline.Core.Insight;
using Tapline.Core.Notifications;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Notifications;

/// <summary>
/// <c>freshness_breached</c> for the notifier: the schedules the Scheduler has loaded (its <see cref="ScheduleCatalog"/>,
/// kept current by the project watcher, so meltano.yml is not read again here), their freshness policies, and
/// <see cref="ScheduleFreshness"/> over the stored state — the overview's answer. Checked at most once per
/// <see cref="CheckEvery"/>; a stream that stays late raises the event again at each check, and the notifier's grouping
/// window turns that into one message and a count.
/// </summary>
public sealed class FreshnessBreachSource(ScheduleCatalog schedules, StateStore states, TimeProvider clock) : IFreshnessBreachSource
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    private DateTime _lastCheck = DateTime.MinValue;

    public async Task<IReadOnlyList<NotificationEvent>> BreachesAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (now - _lastCheck < CheckEvery)
        {
            return [];
        }
        _lastCheck = now;
        var compiled = schedules.Current;
        // Bad freshness values are reported on the overview's broken schedules; here they only mean "no threshold".
        var (policies, _) = FreshnessPolicy.Read(compiled.Valid.Select(s => s.Definition));
        if (policies.Count == 0)
        {
            return [];
        }
        var lags = await ScheduleFreshness.ComputeAsync(compiled, policies, states, clock.GetUtcNow(), cancellationToken);
        return [.. lags.Where(l => l.Freshness.Breached).Select(l => new NotificationEvent(NotificationEventKinds.FreshnessBreached, now,
            $"{l.Schedule}: stream '{l.Freshness.Stream}' is {Hours(l.Freshness.Lag)} behind (bookmark {l.Freshness.Bookmark:O}, threshold {Hours(l.Freshness.Threshold!.Value)})")
        {
            Pipeline = l.StateId,
            Schedule = l.Schedule,
            Stream = l.Freshness.Stream,
        })];
    }

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
}
