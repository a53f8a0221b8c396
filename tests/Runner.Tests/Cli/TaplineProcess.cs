using System.Diagnostics;

namespace Tapline.Runner.Tests.Cli;

/// <summary>Runs the built `tapline` CLI as a real process, the way a user or cron would.</summary>
public static class TaplineProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <param name="stdin">When given, stdin is a pipe carrying this text (so the CLI sees no terminal); else it is inherited.</param>
    public static async Task<Result> RunAsync(IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string>? env = null, string? stdin = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tapline.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // The machine's own Meltano variables must not steer the CLI under test.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("TAP_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(args, null, null);

    public static string RepoRoot() => global::Tapline.TestSupport.RepoPaths.Root;

    /// <summary>A private copy of the demo project (without its data files' outputs), so writes stay in the test.</summary>
    public static string CopyOfDemo()
    {
        var target = Path.Combine(Path.GetTempPath(), "tapline-cli-tests", $"demo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        File.Copy(Path.Combine(RepoRoot(), "demo", "meltano.yml"), Path.Combine(target, "meltano.yml"));
        return target;
    }

    public static string TempProject(string yaml)
    {
        var target = Path.Combine(Path.GetTempPath(), "tapline-cli-tests", $"p-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "meltano.yml"), yaml);
        return target;
    }

    /// <summary>A plugin's entry in meltano.yml as written (keys in file order).</summary>
    public static Dictionary<string, object?> PluginEntry(string root, string name)
    {
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        using (var reader = File.OpenText(Path.Combine(root, "meltano.yml")))
        {
            yaml.Load(reader);
        }
        var plugins = (Dictionary<string, object?>)Core.Project.YamlValues.ToDictionary((YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode)["plugins"]!;
        return plugins.Values.OfType<List<object?>>().SelectMany(l => l).Cast<Dictionary<string, object?>>().Single(p => (string?)p["name"] == name);
    }
}
