using Tapline.Core.Data.Database;
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
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        RunStatus status;
        DateTime since;
        string? logPath;
        await using (var select = Sql.Command(connection, "SELECT status, started_at, queued_at, log_path FROM runs WHERE id = @id", transaction, ("id", spilled.RunRowId)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (SpillOutcome.Orphaned, null);
            }
            status = SystemDbSql.ReadEnum<RunStatus>(reader, 0);
            since = SystemDbSql.ReadNullableDateTime(reader, 1) ?? SystemDbSql.ReadDateTime(reader, 2);
            logPath = SystemDbSql.ReadNullableString(reader, 3);
        }

        // Never under a running run of the same state id: once it ends, its own saves decide (newer, or nothing saved).
        if (!status.HasEnded() || await CountAsync("SELECT count(*) FROM runs WHERE state_id = @state AND status = @running",
                ("state", spilled.StateId), ("running", RunStatus.Running)) > 0)
        {
            return (SpillOutcome.Waiting, logPath);
        }

        const string history = "SELECT count(*) FROM state_history WHERE state_id = @state AND saved_at > @since";
        var newer = spilled.RunId is { } runId
            ? await CountAsync(history + " AND (run_id IS NULL OR run_id <> @run)", ("state", spilled.StateId), ("since", since), ("run", runId))
            : await CountAsync(history, ("state", spilled.StateId), ("since", since));
        if (newer > 0)
        {
            return (SpillOutcome.Superseded, logPath);
        }

        await WriteAsync(connection, transaction, spilled.StateId, spilled.Completed, spilled.Partial, spilled.RunId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (SpillOutcome.Stored, logPath);

        async Task<long> CountAsync(string sql, params (string, object?)[] parameters)
        {
            await using var count = Sql.Command(connection, sql, transaction, parameters);
            return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
