using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tapline.Core.Telemetry;

/// <summary>
/// The one ActivitySource and Meter named "Tapline" that ServiceDefaults subscribes to, so a
/// run and its plugin processes show up as spans and counters in the Aspire dashboard.
/// </summary>
public static class TaplineTelemetry
{
    public const string Name = "Tapline";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RecordsPiped =
        Meter.CreateCounter<long>("tapline.records", unit: "{record}", description: "RECORD messages piped into loaders");

    public static readonly Counter<long> BytesPiped =
        Meter.CreateCounter<long>("tapline.bytes", unit: "By", description: "Bytes piped between plugins");

    public static readonly Counter<long> RunsStarted =
        Meter.CreateCounter<long>("tapline.runs.started", unit: "{run}", description: "Blocks started");

    public static readonly Counter<long> RunsFinished =
        Meter.CreateCounter<long>("tapline.runs.finished", unit: "{run}", description: "Blocks finished, by status");

    public static readonly Histogram<double> RunDuration =
        Meter.CreateHistogram<double>("tapline.run.duration", unit: "s", description: "Duration of a block run");
}
