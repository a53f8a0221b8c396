using System.Text.Json;
using Tapline.Core.Data.Runs;

namespace Tapline.Core.Data.State;

/// <summary>
/// The latest state of a run that waits on local disk (<c>.meltano/run/tapline-state/run-N.state.json</c>) until the
/// database has it: written by <see cref="FencedStateWriter"/>, replayed by <see cref="StateStore.ReplaySpillsAsync"/>
/// when the worker that wrote it died first.
/// </summary>
public sealed record SpilledState(string StateId, string? Completed, string? Partial, Guid? RunId, long RunRowId, long LeaseEpoch)
{
    public const string FilePattern = "run-*.state.json";

    public static string FileName(long runRowId) => $"run-{runRowId}.state.json";

    public string ToJson() => JsonSerializer.Serialize(this, RunJsonContext.Default.SpilledState);

    /// <summary>The spilled state in <paramref name="path"/>, or null when the file is gone or not one (a torn or foreign file).</summary>
    public static SpilledState? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), RunJsonContext.Default.SpilledState) is { StateId.Length: > 0 } spilled ? spilled : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>What became of one spilled state: stored, superseded by a newer state, waiting for its run to end, or orphaned (no such run).</summary>
public enum SpillOutcome
{
    Stored,
    Superseded,
    Waiting,
    Orphaned,
}

/// <param name="LogPath">The elt.log of the spilling run, when it has one (the replay is noted there).</param>
public sealed record SpillReplay(string File, long RunRowId, string StateId, SpillOutcome Outcome, string? LogPath);
