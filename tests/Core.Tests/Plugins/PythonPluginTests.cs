using System.Diagnostics;
using System.Text.Json.Nodes;
using Tapline.Core.Plugins;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Plugins;

public class PythonPluginTests
{
    [Fact]
    public async Task Installed_python_tap_discovers_honours_selection_and_state_and_feeds_a_python_target()
    {
        using var project = new TempProject();
        const string offline = "--no-index --no-build-isolation --no-deps";
        var tap = new PluginSpec("extractors", "tap-tiny", $"{offline} {project.CopyFixture("tap-tiny")}", Capabilities: ["catalog", "discover", "state"], Python: TempProject.FixturePython);
        var target = new PluginSpec("loaders", "target-tiny", $"{offline} {project.CopyFixture("target-tiny")}", Python: TempProject.FixturePython);
        var results = await new PluginInstaller().InstallAsync([tap, target], new PluginInstallOptions(project.Root, Parallelism: 2), null, CancellationToken.None);
        Assert.All(results, r => Assert.Null(r.Error));

        var preparer = new PluginInvocationPreparer();
        var env = new Dictionary<string, string>();
        await using var tapRun = await preparer.PrepareAsync(
            new PluginInvocationRequest(project.Root, tap, new JsonObject { ["count"] = 5 }, env)
            {
                Extras = new CatalogExtras { Select = ["numbers.*", "words.word"], SelectFilter = ["numbers"] },
                State = JsonNode.Parse("""{"bookmarks": {"numbers": {"replication_key": "id", "replication_key_value": 3}}}"""),
            },
            CancellationToken.None);
        await using var targetRun = await preparer.PrepareAsync(
            new PluginInvocationRequest(project.Root, target, new JsonObject { ["output_path"] = "out" }, env), CancellationToken.None);

        Assert.Equal(Path.Combine(project.Root, ".meltano", "extractors", "tap-tiny", "venv", "bin", "tap-tiny"), tapRun.Executable);
        var catalog = JsonNode.Parse(File.ReadAllText(tapRun.CatalogPath!))!;
        Assert.Equal(["numbers"], CatalogSelection.Of(catalog).Streams.Where(s => s.Value.IsIncluded()).Select(s => s.Key));

        var tapOutput = await RunAsync(project.Root, tapRun, stdin: null);
        var records = tapOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Where(m => m["type"]!.ToString() == "RECORD").ToList();
        Assert.Equal(["numbers:4", "numbers:5"], records.Select(r => $"{r["stream"]}:{r["record"]!["id"]}"));

        var state = await RunAsync(project.Root, targetRun, tapOutput);
        Assert.Equal(5, JsonNode.Parse(state)!["bookmarks"]!["numbers"]!["replication_key_value"]!.GetValue<int>());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(project.Root, "out", "numbers.jsonl")).Length);
    }

    private static async Task<string> RunAsync(string cwd, PluginInvocation invocation, string? stdin)
    {
        var psi = new ProcessStartInfo(invocation.Executable) { WorkingDirectory = cwd, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in invocation.Args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in invocation.Env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{invocation.Executable} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
