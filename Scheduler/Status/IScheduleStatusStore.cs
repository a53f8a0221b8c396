namespace Tapline.Scheduler.Status;

/// <summary>Where schedule status rows live for the Api to read.</summary>
public interface IScheduleStatusStore
{
    /// <summary>Writes next fire / error for each schedule and removes rows of schedules no longer in meltano.yml.</summary>
    ValueTask SyncAsync(IReadOnlyCollection<ScheduleDefinitionStatus> schedules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records one fire.</summary>
    ValueTask RecordFireAsync(string name, DateTimeOffset fireTime, string fireKey, string outcome, DateTimeOffset? nextFireAt,
        DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ScheduleStatus>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>The part of a status row that comes from meltano.yml: next fire, or the reason it cannot fire.</summary>
public sealed record ScheduleDefinitionStatus(string Name, DateTimeOffset? NextFireAt, string? Error);
