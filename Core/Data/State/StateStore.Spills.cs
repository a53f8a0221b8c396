using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Runs;

namespace Tapline.Core.Data.State;

public sealed partial class StateStore
{
    /// <summary>
    /// Stores the states that workers left in <paramref name="spillDirectory"/> when they died before the database had
    /// them (a <c>kill -9</c> during an outage). A spill waits while its run is still queued or running (its worker may be
    /// alive: replicas on one host share the directory) and while another run of its state id runs; then it is stored unless a newer state of the
    /// state id was saved since the run started (by another run or by hand), and the file is removed either way.
    /// </summary>
    /// <param name="activeRuns">Run rows this worker executes now: their spills are its own, still being written.</param>
    public async Task<IReadOnlyList<SpillReplay>> ReplaySpillsAsync(string spillDirectory, IReadOnlySet<long> activeRuns, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(spillDirectory))
        {
            return [];
        }

        var replays = new List<SpillReplay>();
        foreach (var file in Directory.EnumerateFiles(spillDirectory, SpilledState.FilePattern))
        {
            if (SpilledState.TryRead(file) is not { } spilled || activeRuns.Contains(spilled.RunRowId))
            {
                continue;
            }

            var (outcome, logPath) = await ReplayAsync(spilled, cancellationToken);
            if (outcome != SpillOutcome.Waiting)
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Replaying it again stores the same state or finds it superseded: harmless.
                }
            }

            replays.Add(new SpillReplay(file, spilled.RunRowId, spilled.StateId, outcome, logPath));
        }

        return replays;
    }

    private async Task<(SpillOutcome, string?)> ReplayAsync(SpilledState spilled, CancellationToken cancellationToken)
    {
        await using var context = factory.CreateDbContext();
        var run = await context.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == spilled.RunRowId, cancellationToken);
        if (run is null)
        {
            return (SpillOutcome.Orphaned, null);
        }

        // Never under a running run of the same state id: once it ends, its own saves decide (newer, or nothing saved).
        if (!run.Status.HasEnded()
            || await context.Runs.AnyAsync(r => r.StateId == spilled.StateId && r.Status == RunStatus.Running, cancellationToken))
        {
            return (SpillOutcome.Waiting, run.LogPath);
        }

        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var since = run.StartedAt ?? run.QueuedAt;
        var newer = await context.StateHistory.AnyAsync(
            h => h.StateId == spilled.StateId && h.SavedAt > since && (h.RunId == null || h.RunId != spilled.RunId), cancellationToken);
        if (newer)
        {
            return (SpillOutcome.Superseded, run.LogPath);
        }

        await WriteAsync(context, spilled.StateId, spilled.Completed, spilled.Partial, spilled.RunId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (SpillOutcome.Stored, run.LogPath);
    }
}
