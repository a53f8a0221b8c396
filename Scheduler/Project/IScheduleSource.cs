namespace Tapline.Scheduler.Project;

/// <summary>Reads the project's schedules (meltano.yml) on demand.</summary>
public interface IScheduleSource
{
    /// <summary>The files whose change means the schedules may have changed.</summary>
    IReadOnlyList<string> WatchedFiles { get; }

    /// <summary>A cheap hash of the watched files, to notice a change a file event missed.</summary>
    ValueTask<string> HashAsync(CancellationToken cancellationToken);

    ValueTask<ProjectSchedules> LoadAsync(CancellationToken cancellationToken);
}
