using System.Diagnostics;
using Tapline.Core.Telemetry;

namespace Tapline.Runner.Worker;

/// <summary>
/// The worker's span around each run, parented on the run row's traceparent so the
/// Scheduler/Api that queued it and the engine's spans form one trace in the dashboard.
/// </summary>
internal static class WorkerTelemetry
{
    public static Activity? StartRun(Core.Data.Runs.RunRecord run, string workerId)
    {
        ActivityContext.TryParse(run.TraceParent, null, out var parent);
        var activity = TaplineTelemetry.Source.StartActivity("tapline.worker.run", ActivityKind.Consumer, parent);
        activity?.SetTag("tapline.run_id", run.RunId.ToString());
        activity?.SetTag("tapline.state_id", run.StateId);
        activity?.SetTag("tapline.worker", workerId);
        return activity;
    }
}
