namespace Tapline.Scheduler.Tests.Support;

/// <summary>Tests that start Scheduler processes run one at a time: they share two cores with everything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerProcesses
{
    public const string Name = "scheduler processes";
}
