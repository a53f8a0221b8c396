using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Install.Tests;

/// <summary>
/// Installs Tapline the way the README tells a user to: <c>dotnet pack</c>, then <c>dotnet tool install</c> from
/// that folder into a fresh tool path, and runs the installed <c>tapline</c> on a copy of the demo project.
/// </summary>
public class ToolInstallTests
{
    // A pack on a loaded 2-core machine took 7 minutes; the limit only stops a hung command.
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Packed_tool_installs_into_a_tool_path_and_runs_the_demo_with_its_bundled_plugins()
    {
        var work = Directory.CreateTempSubdirectory("tapline-install-").FullName;
        var packages = Path.Combine(work, "packages");
        var tools = Path.Combine(work, "tools");

        // Packed from a fresh copy of the sources: the solution's Release outputs, which other tests run at the
        // same time, stay untouched, and nothing a developer built earlier leaks into the package.
        var source = Path.Combine(work, "source");
        CopySources(RepoPaths.Root, source);
        await RunOkAsync("dotnet", ["pack", Path.Combine(source, "Runner"), "-c", "Release", "-o", packages, "-nologo"], work);
        Assert.Contains(Directory.GetFiles(packages, "*.nupkg"), p => Path.GetFileName(p).StartsWith("tapline.", StringComparison.Ordinal));

        // Only the packed folder as a source: the test installs what it built, never a same-named package from a registry.
        var config = Path.Combine(work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        await RunOkAsync("dotnet", ["tool", "install", "tapline", "--tool-path", tools, "--configfile", config], work);
        var tapline = Path.Combine(tools, "tapline");

        var version = await RunOkAsync(tapline, ["--version"], work);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Trim());

        var project = Path.Combine(work, "demo");
        // A developer's own runs of the demo leave state and output behind; the user's copy starts clean.
        CopyTree(Path.Combine(RepoPaths.Root, "demo"), project, skip: name => name is ".meltano" or "output");
        await RunOkAsync(tapline, ["run", "tap-csv", "target-jsonl"], project);

        var output = Path.Combine(project, "output");
        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "customers.jsonl")).Length);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(output, "orders.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(project, ".meltano", "meltano.db")));
    }

    private static async Task<string> RunOkAsync(string file, string[] args, string cwd)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        // The machine's own Meltano variables and the test host's plugin override must not steer the installed tool.
        foreach (var key in psi.Environment.Keys
            .Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("TAP_", StringComparison.Ordinal)
                || k.StartsWith("TARGET_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings", StringComparison.Ordinal)
                || k == "TAPLINE_PLUGINS_DIR")
            .ToList())
        {
            psi.Environment.Remove(key);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var (output, errors) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {process.ExitCode}\nstdout:\n{output}\nstderr:\n{errors}");
        return output;
    }

    /// <summary>What building <c>tapline</c> needs: the projects it references and the repository's build settings.</summary>
    private static void CopySources(string root, string to)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config", ".editorconfig" })
        {
            if (File.Exists(Path.Combine(root, file)))
            {
                Directory.CreateDirectory(to);
                File.Copy(Path.Combine(root, file), Path.Combine(to, file));
            }
        }
        foreach (var project in new[] { "Core", "Runner", "ServiceDefaults", "plugins" })
        {
            CopyTree(Path.Combine(root, project), Path.Combine(to, project), skip: name => name is "bin" or "obj");
        }
    }

    private static void CopyTree(string from, string to, Func<string, bool> skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(from).Where(d => !skip(Path.GetFileName(d))))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)), skip);
        }
    }
}
