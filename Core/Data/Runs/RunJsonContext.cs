using System.Text.Json.Serialization;

namespace Tapline.Core.Data.Runs;

/// <summary>
/// Source-generated JSON metadata for the documents a run writes on every run (its payload, exit codes, stream
/// totals, metrics, a spilled state). The options stay where each document is written; this only spares a
/// short CLI process reflection's metadata, which costs a few hundred jitted methods and dynamic code per process.
/// </summary>
[JsonSerializable(typeof(Pipelines.Runs.RunOptions))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, int>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, StreamTotals>))]
[JsonSerializable(typeof(Insight.RunMetricsSummary))]
[JsonSerializable(typeof(Data.State.SpilledState))]
internal sealed partial class RunJsonContext : JsonSerializerContext;

