namespace Tapline.Core.Data.Runs;

/// <summary>PostgreSQL NOTIFY channels of the queue.</summary>
public static class RunQueueChannels
{
    /// <summary>A run was queued (payload: row id).</summary>
    public const string Runs = "tapline_runs";

    /// <summary>A running run was asked to cancel (payload: row id).</summary>
    public const string Cancel = "tapline_cancel";
}
