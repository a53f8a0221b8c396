namespace Tapline.Api.Logs;

/// <summary>Run id -> log path and status, read from the runs table only (never from the request).</summary>
public interface IRunLogSource
{
    Task<RunLogInfo?> FindAsync(long id, CancellationToken cancellationToken);
}
