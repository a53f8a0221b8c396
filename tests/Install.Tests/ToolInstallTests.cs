using System.Diagnostics;
using Tapline.TestSupport;

namespace Tapline.Install.Tests;

/// <summary>
/// Installs Tapline the way the README tells a user to: <c>dotnet pack</c>, then <c>dotnet tool install</c> from
/// that folder into a fresh tool path, and runs the installed (Native AOT) <c>tapline</c> on a copy of the demo project:
/// a run, and the verbs whose statements reach the system database, Data Protection and the worker's web host.
/// </summary>
public class ToolInstallTests
{
    // A pack on a loaded 2-core machine took 7 minutes; the limit only stops a hung command.
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Packed_tool_installs_natively_and_runs_the_demo_and_the_verbs_that_use_the_system_database()
    {
        var work = Directory.CreateTempSubdirectory("tapline-install-").FullName;
        var packages = Path.Combine(work, "packages");
        var tools = Path.Combine(work, "tools");

        // Packed from a fresh copy of the sources: the solution's Release outputs, which other tests run at the
        // same time, stay untouched, and nothing a developer built earlier leaks into the package.
        var source = Path.Combine(work, "source");
        CopySources(RepoPaths.Root, source);
        // The README's two commands: the top-level and portable packages, then the linux-x64 one, compiled by Native AOT.
        // ILC's warnings are errors (TreatWarningsAsErrors), so this pack fails if anything tapline runs needs EF Core.
        await RunOkAsync("dotnet", ["pack", Path.Combine(source, "Runner"), "-c", "Release", "-o", packages, "-nologo"], work);
        await RunOkAsync("dotnet", ["pack", Path.Combine(source, "Runner"), "-c", "Release", "-r", "linux-x64", "-o", packages, "-nologo"], work);
        var packed = Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Contains("tapline.0.1.0.nupkg", packed);
        Assert.Contains("tapline.linux-x64.0.1.0.nupkg", packed);

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

        // On linux-x64 the installed tool is the native executable: no managed tapline.dll, no JIT.
        var store = Path.Combine(tools, ".store");
        Assert.Empty(Directory.GetFiles(store, "tapline.dll", SearchOption.AllDirectories));
        var native = Assert.Single(Directory.GetFiles(store, "tapline", SearchOption.AllDirectories));
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(native)[..4]);

        var version = await RunOkAsync(tapline, ["--version"], work);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Trim());

        var project = Path.Combine(work, "demo");
        // A developer's own runs of the demo leave state and output behind; the user's copy starts clean.
        CopyTree(Path.Combine(RepoPaths.Root, "demo"), project, skip: name => name is ".meltano" or "output");
        // A secret setting, so that a value stored in the system database is sealed by Data Protection.
        var yml = Path.Combine(project, "meltano.yml");
        var text = await File.ReadAllTextAsync(yml);
        const string anchor = "    - name: add_metadata_columns\n";
        Assert.Contains(anchor, text);
        await File.WriteAllTextAsync(yml, text.Replace(anchor, "    - name: api_token\n      kind: password\n" + anchor, StringComparison.Ordinal));

        // The first run creates and migrates the system database (the migrations' SQL, no EF Core).
        await RunOkAsync(tapline, ["run", "tap-csv", "target-jsonl"], project);
        var output = Path.Combine(project, "output");
        Assert.Equal(5, File.ReadAllLines(Path.Combine(output, "customers.jsonl")).Length);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(output, "orders.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(project, ".meltano", "meltano.db")));

        Assert.Contains("tap-csv-to-target-jsonl", await RunOkAsync(tapline, ["state", "list"], project));

        // ui.secret_key and ui.password_salt into .env: the key ring is then sealed with the secret key, and its decryptor
        // is created by type name, which Native AOT keeps only when told to.
        await RunOkAsync(tapline, ["ui", "setup", "tapline.example.com"], project);
        await RunOkAsync(tapline, ["config", "tap-csv", "set", "api_token", "s3cret-token", "--store", "db"], project);
        var listed = await RunOkAsync(tapline, ["config", "tap-csv", "list"], project);
        Assert.Contains("api_token", listed);
        Assert.DoesNotContain("s3cret-token", listed);
        // Read back through the key ring: the stored value opens again in a new process.
        Assert.Contains("s3cret-token", await RunOkAsync(tapline, ["config", "tap-csv", "--unsafe"], project));

        await RunOkAsync(tapline, ["user", "add", "alice", "--role", "admin"], project, stdin: "correct horse battery staple\n");
        await RunOkAsync(tapline, ["schedule", "list"], project);

        // The worker: a web host serving health, on the same database.
        var port = ServiceProcess.FreePort();
        var worker = new ProcessStartInfo(tapline) { WorkingDirectory = project };
        worker.ArgumentList.Add("worker");
        CleanEnvironment(worker);
        worker.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        await using var service = ServiceProcess.Start(worker, "tapline worker");
        await service.WaitForHttpOkAsync($"http://127.0.0.1:{port}/health", TimeSpan.FromMinutes(1));
        service.Terminate();
        Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromMinutes(1)));
    }

    private static async Task<string> RunOkAsync(string file, string[] args, string cwd, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = cwd,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        CleanEnvironment(psi);
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
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

    private static void CleanEnvironment(ProcessStartInfo psi)
    {
        // The machine's own Meltano variables and the test host's plugin override must not steer the installed tool.
        foreach (var key in psi.Environment.Keys
            .Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k.StartsWith("TAP_", StringComparison.Ordinal)
                || k.StartsWith("TARGET_", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings", StringComparison.Ordinal)
                || k == "TAPLINE_PLUGINS_DIR")
            .ToList())
        {
            psi.Environment.Remove(key);
        }
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
