namespace Tapline.Scheduler.Firing;

/// <summary>Puts scheduled runs into the system database's run queue, at most once per fire key.</summary>
public interface IRunEnqueuer
{
    ValueTask<EnqueueOutcome> EnqueueAsync(ScheduledRunRequest request, CancellationToken cancellationToken);

    /// <summary>Whether a run with this fire key exists (an <c>@once</c> schedule that already ran).</summary>
    ValueTask<bool> FireKeyExistsAsync(string fireKey, CancellationToken cancellationToken);
}
