using Tapline.Core.Data.Runs;

namespace Tapline.Api.Logs;

/// <summary>What the log endpoints need from a runs row: where its log is and whether the run has ended.</summary>
public sealed record RunLogInfo(long Id, string? LogPath, string Status)
{
    public bool Ended => Enum.TryParse<RunStatus>(Status, ignoreCase: true, out var status) && status.HasEnded();
}
