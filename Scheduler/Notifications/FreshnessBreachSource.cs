using System.Globalization;
using Tapline.Core.Data.State;
using Tapline.Core.Insight;
using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Notifications;

/// <summary>
/// <c>freshness_breached</c> for the notifier: the project's schedules compiled as the Scheduler compiles them, their
/// freshness policies, and <see cref="ScheduleFreshness"/> over the stored state — the overview's answer. Checked at
/// most once per <see cref="CheckEvery"/> (loading meltano.yml is not free with thousands of schedules); a stream that
/// stays late raises the event again at each check, and the notifier's grouping window turns that into one message and
/// a count.
/// </summary>
public sealed class FreshnessBreachSource(SchedulerOptions options, StateStore states, TimeProvider clock) : IFreshnessBreachSource
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
        MeltanoProject project;
        try
        {
            project = ProjectLoader.Load(options.ProjectRoot);
        }
        catch (ProjectException)
        {
            // The Scheduler reports a project that does not load (schedule_status); no freshness without it.
            return [];
        }
        var compiled = ProjectScheduleSpecs.Compile(project, options.Environment);
        var (policies, _) = FreshnessPolicy.Read(project.Schedules);
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
