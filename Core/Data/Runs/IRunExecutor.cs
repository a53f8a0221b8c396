namespace Tapline.Core.Data.Runs;

/// <summary>
/// The seam between the Runner worker and the pipeline engine: execute one claimed run.
/// When <paramref name="cancellationToken"/> fires (cancel request, lost claim, shutdown) the
/// executor must stop its plugin processes and return (or throw <see cref="OperationCanceledException"/>)
/// promptly; the worker marks the row.
/// </summary>
public interface IRunExecutor
{
    Task<RunOutcome> ExecuteAsync(RunRecord run, RunContext context, CancellationToken cancellationToken);
}
