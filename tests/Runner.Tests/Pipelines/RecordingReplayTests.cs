using System.Text.Json.Nodes;
using Tapline.Core.Data.Runs;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>
/// What real third-party taps printed (../shared/fixtures/singer-recordings), replayed as a tap's
/// stdout through the whole engine into target-jsonl: every RECORD must arrive, unchanged, in its stream's file.
/// </summary>
public class RecordingReplayTests
{
    private static readonly string Recordings = global::Tapline.TestSupport.RepoPaths.SingerRecordings;

    public static TheoryData<string> Files() =>
        [.. Directory.GetFiles(Recordings, "*.jsonl").Where(f => f.Contains(".sync", StringComparison.Ordinal)).Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Recording_replayed_through_the_engine_lands_record_for_record_in_target_jsonl(string file)
    {
        var recording = Path.Combine(Recordings, file);
        var root = Projects.WithYaml("""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-replay
                executable: ./replay.sh
              loaders:
              - name: target-jsonl
                executable: target-jsonl
                config:
                  destination_path: output
            environments:
            - name: dev
            """);
        Projects.Script(root, "replay.sh", $"exec cat '{recording}'");

        var r = await RunAsync(root, "run", "tap-replay", "target-jsonl");

        Assert.True(r.ExitCode == 0, r.ToString());
        var expected = ExpectedRecords(recording);
        Assert.NotEmpty(expected);
        foreach (var (stream, records) in expected)
        {
            var written = Projects.OutputLines(root, stream).Select(l => JsonNode.Parse(l)).ToList();
            Assert.Equal(records.Count, written.Count);
            for (var i = 0; i < records.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(records[i], written[i]), $"{file}: record {i} of {stream} differs");
            }
        }
        Assert.Equal(expected.Keys.Order(), Directory.GetFiles(Path.Combine(root, "output")).Select(Path.GetFileNameWithoutExtension).Order());

        var run = Assert.Single(await RunsAsync(root));
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(expected.Values.Sum(v => v.Count), run.Records);
        var counts = JsonNode.Parse(run.StreamCounts!)!.AsObject();
        Assert.Equal(expected.ToDictionary(kv => kv.Key, kv => kv.Value.Count), counts.ToDictionary(kv => kv.Key, kv => (int)kv.Value!["records"]!));
    }

    private static Dictionary<string, List<JsonNode?>> ExpectedRecords(string recording)
    {
        var byStream = new Dictionary<string, List<JsonNode?>>();
        foreach (var line in File.ReadLines(recording).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var message = JsonNode.Parse(line)!;
            if ((string?)message["type"] == "RECORD")
            {
                var stream = (string)message["stream"]!;
                if (!byStream.TryGetValue(stream, out var list))
                {
                    byStream[stream] = list = [];
                }
                list.Add(message["record"]);
            }
        }
        return byStream;
    }
}
