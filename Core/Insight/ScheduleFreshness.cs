using Tapline.Core.Data.State;
using Tapline.Core.Schedules;

namespace Tapline.Core.Insight;

/// <summary>One stream of one schedule's state id and how fresh its data is.</summary>
public sealed record ScheduleStreamFreshness(string Schedule, string StateId, StreamFreshness Freshness);

/// <summary>
/// The freshness of every elt schedule's streams now: each valid elt schedule's stored state through
/// <see cref="Freshness.Compute"/> with its own policy. One loop for the overview, the pipeline page and the
/// notifier's <c>freshness_breached</c> event.
/// </summary>
public static class ScheduleFreshness
{
    public static async Task<IReadOnlyList<ScheduleStreamFreshness>> ComputeAsync(
        ScheduleSet compiled, IReadOnlyList<FreshnessPolicy> policies, StateStore states, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new List<ScheduleStreamFreshness>();
        var elt = compiled.Valid.Where(s => s.Kind == ScheduleKind.Elt).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var stored = await states.LoadManyAsync(elt.Select(s => s.StateId), cancellationToken);
        foreach (var schedule in elt)
        {
            var state = stored.GetValueOrDefault(schedule.StateId);
            var policy = policies.FirstOrDefault(p => p.Schedule == schedule.Name);
            result.AddRange(Freshness.Compute(state, policy, now).Select(f => new ScheduleStreamFreshness(schedule.Name, schedule.StateId, f)));
        }
        return result;
    }
}
