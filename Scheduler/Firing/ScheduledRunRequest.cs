using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Firing;

/// <summary>One run a schedule asks for: which schedule, which fire, which attempt.</summary>
public sealed record ScheduledRunRequest(CompiledSchedule Schedule, string FireKey, DateTimeOffset FireTime, int Attempt = 0)
{
    public string? TraceParent { get; init; }
}
