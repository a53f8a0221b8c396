using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Keeps database commands out of the trace list unless they belong to a trace: a command with no
/// parent span (queue polling, heartbeats, LISTEN wake-ups, the Scheduler's syncs) is not recorded, so
/// the dashboard's traces are runs and requests. Its metrics (Npgsql's Meter) are untouched.
/// </summary>
internal sealed class BackgroundDatabaseSpans(string sourceName) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Source.Name == sourceName && data.Parent is null && data.ParentSpanId == default)
        {
            // Exporters skip activities that are not Recorded; clearing it at start also spares the tags.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
        }
    }
}
