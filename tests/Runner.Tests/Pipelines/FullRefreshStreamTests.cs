using System.Text.Json.Nodes;
using Tapline.Core.Pipelines.Runs;
using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary><c>tapline run ... --full-refresh --select STREAM</c>: only the chosen streams restart (Meltano #9238).</summary>
public class FullRefreshStreamTests
{
    private const string TargetPrintingStateFile = "cat > /dev/null\nif [ -f print-state.txt ]; then cat print-state.txt; fi";

    private static async Task<string> TwoStreamProjectWithBookmarksAsync()
    {
        var root = ScriptProject.Create(ScriptProject.KeepReceivedState + "\n" + ScriptProject.ThreeRecords, TargetPrintingStateFile);
        await File.WriteAllTextAsync(Path.Combine(root, "print-state.txt"), """{"bookmarks":{"a":{"id":3},"b":{"id":7}},"currently_syncing":"a"}""" + "\n");
        var first = await RunAsync(root, "run", "tap-script", "target-script");
        Assert.True(first.ExitCode == 0, first.ToString());
        File.Delete(Path.Combine(root, "print-state.txt"));
        return root;
    }

    private static JsonNode? Received(string root) =>
        File.Exists(Path.Combine(root, "received-state.json")) ? JsonNode.Parse(File.ReadAllText(Path.Combine(root, "received-state.json"))) : null;

    [Fact]
    public async Task Full_refresh_with_select_restarts_only_the_chosen_stream_and_the_other_keeps_its_bookmark()
    {
        var root = await TwoStreamProjectWithBookmarksAsync();
        await File.WriteAllTextAsync(Path.Combine(root, "print-state.txt"), """{"bookmarks":{"a":{"id":1}}}""" + "\n");

        var backfill = await RunAsync(root, "run", "tap-script", "target-script", "--full-refresh", "--select", "a");

        Assert.True(backfill.ExitCode == 0, backfill.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"bookmarks":{"b":{"id":7}}}"""), Received(root)), Received(root)?.ToJsonString());
        var run = (await RunsAsync(root))[^1];
        Assert.Equal(["a"], RunOptions.FromPayload(run.Payload).FullRefreshStreams);
        Assert.Contains("Full refresh of a: the tap is given no bookmark for a; other streams keep theirs", await File.ReadAllTextAsync(run.LogPath!));

        // The new bookmark of a merges with b's, which the backfill did not touch.
        File.Delete(Path.Combine(root, "print-state.txt"));
        Assert.Equal(0, (await RunAsync(root, "run", "tap-script", "target-script")).ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":{"id":1},"b":{"id":7}}"""), Received(root)!["bookmarks"]), Received(root)?.ToJsonString());
    }

    [Fact]
    public async Task Full_refresh_without_select_still_ignores_every_stream_state_as_Meltano()
    {
        var root = await TwoStreamProjectWithBookmarksAsync();
        File.Delete(Path.Combine(root, "received-state.json"));

        var refresh = await RunAsync(root, "run", "tap-script", "target-script", "--full-refresh");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.Null(Received(root));
    }
}
