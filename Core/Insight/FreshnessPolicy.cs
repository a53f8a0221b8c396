using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Core.Insight;

/// <summary>
/// How stale a schedule's data may get, from the schedule's
/// <c>annotations: {tapline: {freshness: {max_lag: 26h, streams: {orders: 2h}}}}</c>: <c>max_lag</c>
/// applies to every stream of the schedule's state id, <c>streams</c> overrides it per stream (a
/// stream without either has no threshold: its lag is shown, never breached).
/// </summary>
public sealed record FreshnessPolicy(string Schedule, TimeSpan? MaxLag, IReadOnlyDictionary<string, TimeSpan> Streams)
{
    public const string Key = "freshness";

    public TimeSpan? ThresholdFor(string stream) => Streams.TryGetValue(stream, out var own) ? own : MaxLag;

    /// <summary>
    /// The policies of the schedules that declare one, and a problem (file and line of the schedule)
    /// for each value that is not what the shape above allows, so a typo is never a silent "no threshold".
    /// </summary>
    public static (IReadOnlyList<FreshnessPolicy> Policies, IReadOnlyList<ScheduleProblem> Problems) Read(IEnumerable<ScheduleDefinition> schedules)
    {
        var policies = new List<FreshnessPolicy>();
        var problems = new List<ScheduleProblem>();
        foreach (var schedule in schedules)
        {
            if (!schedule.Extras.TryGetValue(Key, out var raw) || raw is null)
            {
                continue;
            }

            ScheduleProblem Problem(string field, string message) =>
                new(schedule.Name, $"annotations.tapline.{Key}{field}", message, schedule.Location?.File, schedule.Location?.Line);

            if (raw is not IReadOnlyDictionary<string, object?> map)
            {
                problems.Add(Problem("", "must be a mapping like {max_lag: 26h, streams: {orders: 2h}}"));
                continue;
            }

            TimeSpan? maxLag = null;
            var streams = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            foreach (var (key, value) in map)
            {
                switch (key)
                {
                    case "max_lag":
                        maxLag = Duration(value, ".max_lag", Problem, problems);
                        break;
                    case "streams" when value is IReadOnlyDictionary<string, object?> perStream:
                        foreach (var (stream, limit) in perStream)
                        {
                            if (Duration(limit is IReadOnlyDictionary<string, object?> nested ? nested.GetValueOrDefault("max_lag") : limit, $".streams.{stream}", Problem, problems) is { } lag)
                            {
                                streams[stream] = lag;
                            }
                        }

                        break;
                    case "streams":
                        problems.Add(Problem(".streams", "must map stream names to durations, e.g. {orders: 2h}"));
                        break;
                    default:
                        problems.Add(Problem($".{key}", "is not a freshness key; use max_lag and streams"));
                        break;
                }
            }

            policies.Add(new FreshnessPolicy(schedule.Name, maxLag, streams));
        }

        return (policies, problems);
    }

    private static TimeSpan? Duration(object? value, string field, Func<string, string, ScheduleProblem> problem, List<ScheduleProblem> problems)
    {
        var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        problems.Add(problem(field, $"\"{text}\" must be a duration like 90m, 6h, 1d or 1h30m"));
        return null;
    }
}
