using System.Diagnostics;
using Tapline.Core.Pipelines;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Tests.Pipelines;

public sealed class BlockRunnerTelemetryTests
{
    [Fact]
    public async Task A_run_emits_a_span_with_one_child_span_per_plugin_process()
    {
        var runId = Guid.NewGuid();
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TaplineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);

        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", """echo '{"type":"RECORD","stream":"s","record":{}}'"""),
            [],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { RunId = runId }));

        Assert.Equal(BlockStatus.Success, result.Status);
        List<Activity> mine;
        lock (spans)
        {
            mine = [.. spans];
        }

        var run = Assert.Single(mine, a => a.DisplayName == "run tap-x target-x" && (string?)a.GetTagItem("tapline.run_id") == runId.ToString());
        Assert.Equal(1L, run.GetTagItem("tapline.records"));
        var plugins = mine.Where(a => a.ParentSpanId == run.SpanId).Select(a => a.DisplayName).Order().ToList();
        Assert.Equal(["plugin tap-x", "plugin target-x"], plugins);
    }
}
