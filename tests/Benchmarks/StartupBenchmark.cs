using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tapline.Benchmarks;

/// <summary>
/// What a user feels: whole <c>tapline</c> processes (wall time and peak RSS from <c>/usr/bin/time</c>), each
/// pipeline beside the same tap and target piped by hand in a shell. Medians of several runs, run in turn so
/// both sides see the same load; the load average is printed with the figures because the machine is shared.
/// </summary>
internal static class StartupBenchmark
{
    private const int Runs = 7;
    private const string PipFlags = "--no-index --no-build-isolation --no-deps";

    private sealed record Sample(double Seconds, long RssKb, double CpuSeconds);

    private sealed record Row(string What, string Dir, string[] Tapline, string? Hand);

    public static async Task<int> RunAsync(string? taplinePath, string? sdkVenv)
    {
        var repo = RepoRoot();
        var tapline = taplinePath ?? Path.Combine(repo, "Runner", "bin", "Release", "net10.0", "tapline");
        if (!File.Exists(tapline))
        {
            Console.Error.WriteLine($"no tapline at {tapline}: build Runner in Release, or pass its path");
            return 1;
        }
        if (!File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("/usr/bin/time is needed for peak RSS (Debian package `time`)");
            return 1;
        }
        if (sdkVenv is not null && SdkVenvProblem(sdkVenv) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        var plugins = BundledPlugins(tapline);
        var work = Directory.CreateTempSubdirectory("tapline-startup-").FullName;
        var empty = EmptyProject(work);
        var demo = DemoProject(repo, work);
        var python = await PythonProjectAsync(repo, work, tapline);
        var sdk = sdkVenv is null ? null : await SdkProjectAsync(work, Path.GetFullPath(sdkVenv));
        var tapCsv = Path.Combine(plugins, "tap-csv", "tap-csv");
        var targetJsonl = Path.Combine(plugins, "target-jsonl", "target-jsonl");

        // Each pipeline first runs once untimed: the system database exists and is migrated, as on any run but a project's first.
        Row[] rows =
        [
            new("`tapline run` of a pipeline whose tap prints nothing", empty, ["run", "tap-empty", "target-null"], "./tap.sh | ./target.sh"),
            new("`tapline run tap-csv target-jsonl` on demo/ (11 records, --full-refresh)", demo, ["run", "--full-refresh", "tap-csv", "target-jsonl"],
                $"'{tapCsv}' --config hand/tap.json | '{targetJsonl}' --config hand/target.json > /dev/null"),
            new("`tapline state list`", demo, ["state", "list"], null),
            new("`tapline config list`", demo, ["config", "list"], null),
            new("`tapline --help`", demo, ["--help"], null),
            new("20-record Python pipeline (tap-tiny -> target-jsonl, --full-refresh)", python, ["run", "--full-refresh", "tap-tiny", "target-jsonl"],
                $".meltano/extractors/tap-tiny/venv/bin/tap-tiny --config hand/tap.json | '{targetJsonl}' --config hand/target.json > /dev/null"),
            .. sdk is null ? [] : SdkRows(sdk, Path.GetFullPath(sdkVenv!)),
        ];
        foreach (var row in rows.Where(r => r.Hand is not null))
        {
            Measure(tapline, row.Dir, row.Tapline);
        }

        Console.WriteLine($"tapline: {tapline}");
        Console.WriteLine($"{Environment.ProcessorCount} cores; median of {Runs} whole-process runs; load average before: {LoadAverage()}");
        Console.WriteLine(sdk is null
            ? "no --sdk-venv: the Python row is the tap-tiny fixture only (its hand pipe starts in ~0.04 s); tests/Benchmarks/prepare-sdk-venv.sh builds the real Singer SDK row"
            : $"Singer SDK rows: {SdkPins(sdkVenv!)}");
        Console.WriteLine();
        // CPU (user + sys, children included) is the figure a shared machine's load disturbs least.
        Console.WriteLine("| what a user runs | tapline wall | tapline CPU | tapline peak RSS | same pipe by hand (wall, CPU, RSS) | wall ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            var ours = new List<Sample>();
            var hand = new List<Sample>();
            for (var i = 0; i < Runs; i++)
            {
                ours.Add(Measure(tapline, row.Dir, row.Tapline));
                if (row.Hand is not null)
                {
                    hand.Add(Measure("/bin/sh", row.Dir, ["-c", row.Hand]));
                }
            }
            var (oursWall, oursRss) = (Median(ours.Select(s => s.Seconds)), Median(ours.Select(s => (double)s.RssKb)));
            var handText = "";
            var ratio = "";
            if (hand.Count > 0)
            {
                var handWall = Median(hand.Select(s => s.Seconds));
                handText = string.Create(CultureInfo.InvariantCulture,
                    $"{handWall:F3} s, {Median(hand.Select(s => s.CpuSeconds)):F2} s CPU, {Median(hand.Select(s => (double)s.RssKb)) / 1024:F0} MB");
                // /usr/bin/time reports hundredths: a hand pipe that rounds to 0 has no meaningful ratio.
                ratio = handWall > 0 ? string.Create(CultureInfo.InvariantCulture, $"{oursWall / handWall:F2}x") : "-";
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.What} | {oursWall:F3} s (min {ours.Min(s => s.Seconds):F3}) | {Median(ours.Select(s => s.CpuSeconds)):F2} s | {oursRss / 1024:F0} MB | {handText} | {ratio} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"load average after: {LoadAverage()}");
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static Sample Measure(string file, string cwd, string[] args)
    {
        var output = Path.GetTempFileName();
        var psi = new ProcessStartInfo("/usr/bin/time")
        {
            WorkingDirectory = cwd,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["-f", "%e %M %U %S", "-o", output, file, .. args])
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MELTANO_", StringComparison.Ordinal) || k == "TAPLINE_PLUGINS_DIR").ToList())
        {
            psi.Environment.Remove(key);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} in {cwd}: exit {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        }
        var fields = File.ReadAllText(output).Trim().Split('\n')[^1].Split(' ');
        File.Delete(output);
        double Field(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new Sample(Field(0), long.Parse(fields[1], CultureInfo.InvariantCulture), Field(2) + Field(3));
    }

    /// <summary>The plugins folder beside the real tapline: next to a build or publish, or inside a tool path's store.</summary>
    private static string BundledPlugins(string tapline)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(tapline))!;
        var store = Path.Combine(dir, ".store", "tapline");
        return Directory.Exists(store)
            ? Directory.GetDirectories(store, "plugins", SearchOption.AllDirectories).First()
            : Path.Combine(dir, "plugins");
    }

    private static string EmptyProject(string work)
    {
        var root = Directory.CreateDirectory(Path.Combine(work, "empty")).FullName;
        File.WriteAllText(Path.Combine(root, "meltano.yml"), """
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-empty
                executable: ./tap.sh
              loaders:
              - name: target-null
                executable: ./target.sh
            environments:
            - name: dev
            """);
        Script(root, "tap.sh", "exit 0");
        Script(root, "target.sh", "cat > /dev/null");
        return root;
    }

    private static string DemoProject(string repo, string work)
    {
        var root = Path.Combine(work, "demo");
        CopyDirectory(Path.Combine(repo, "demo"), root);
        var hand = Directory.CreateDirectory(Path.Combine(root, "hand")).FullName;
        // The same config meltano.yml gives the two plugins, as files, for the pipe by hand.
        File.WriteAllText(Path.Combine(hand, "tap.json"), JsonSerializer.Serialize(new
        {
            files = new object[]
            {
                new { entity = "customers", path = "data/customers.csv", keys = new[] { "id" }, replication_key = "updated_at" },
                new { entity = "orders", path = "data/orders.csv", keys = new[] { "id" }, replication_key = "updated_at" },
            },
        }));
        File.WriteAllText(Path.Combine(hand, "target.json"), """{"destination_path":"hand-output","do_timestamp_file":false}""");
        return root;
    }

    private static async Task<string> PythonProjectAsync(string repo, string work, string tapline)
    {
        var root = Directory.CreateDirectory(Path.Combine(work, "python")).FullName;
        CopyDirectory(Path.Combine(repo, "tests", "Fixtures", "python-plugins", "tap-tiny"), Path.Combine(root, "plugins", "tap-tiny"));
        File.WriteAllText(Path.Combine(root, "meltano.yml"), $"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-tiny
                pip_url: {PipFlags} ./plugins/tap-tiny
                python: /usr/bin/python3
                capabilities: [catalog, discover, state]
                config:
                  count: 20
              loaders:
              - name: target-jsonl
                executable: target-jsonl
                config:
                  destination_path: output
            environments:
            - name: dev
            """);
        var hand = Directory.CreateDirectory(Path.Combine(root, "hand")).FullName;
        await File.WriteAllTextAsync(Path.Combine(hand, "tap.json"), """{"count":20}""");
        await File.WriteAllTextAsync(Path.Combine(hand, "target.json"), """{"destination_path":"hand-output"}""");
        Measure(tapline, root, ["install"]);
        return root;
    }

    private const string SdkTap = "tap-smoke-test";
    private const string SdkTarget = "target-csv";

    /// <summary>What is missing from a venv made by prepare-sdk-venv.sh, or null when it has all the SDK rows need.</summary>
    private static string? SdkVenvProblem(string venv)
    {
        string[] needed = [Path.Combine("bin", SdkTap), Path.Combine("bin", SdkTarget), Path.Combine("share", SdkTap, "demo-data"), Path.Combine("share", SdkTap, "PINS")];
        var missing = needed.Where(n => !Path.Exists(Path.Combine(venv, n))).ToList();
        return missing.Count == 0 ? null : $"--sdk-venv {venv} has no {string.Join(", ", missing)}: build it with tests/Benchmarks/prepare-sdk-venv.sh";
    }

    private static string SdkPins(string venv) =>
        string.Join(", ", File.ReadAllLines(Path.Combine(venv, "share", SdkTap, "PINS")).Select(l => l.Split(' ')).Select(f => $"{f[0]} {f[1]}"));

    /// <summary>
    /// tap-smoke-test -> the SDK's sample CSV target, installed outside the project (<c>executable:</c> absolute paths), as a
    /// user writes them: the extractor's settings and capabilities are tap-smoke-test's own meltano.yml. A second extractor
    /// inherits it with a <c>catalog:</c> file: an executable-only plugin is rediscovered on every run (as in Meltano), while a
    /// pip_url install runs from its cached catalog from the second run on, so the two rows bound what users see.
    /// </summary>
    private static async Task<string> SdkProjectAsync(string work, string venv)
    {
        var root = Directory.CreateDirectory(Path.Combine(work, "sdk")).FullName;
        var data = Path.Combine(venv, "share", SdkTap, "demo-data");
        File.WriteAllText(Path.Combine(root, "meltano.yml"), $"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: {SdkTap}
                namespace: tap_smoke_test
                executable: {Path.Combine(venv, "bin", SdkTap)}
                capabilities: [state, catalog, discover]
                settings:
                - name: streams
                  kind: array
                - name: schema_inference_record_count
                  kind: integer
                config:
                  streams:
                  - stream_name: animals
                    input_filename: {data}/animals-data.jsonl
                  - stream_name: pageviews
                    input_filename: {data}/pageviews-data.jsonl
              - name: {SdkTap}--catalog
                inherit_from: {SdkTap}
                catalog: catalog.json
              loaders:
              - name: {SdkTarget}
                executable: {Path.Combine(venv, "bin", SdkTarget)}
                settings:
                - name: target_folder
                config:
                  target_folder: output
            environments:
            - name: dev
            """);
        Directory.CreateDirectory(Path.Combine(root, "output"));
        var hand = Directory.CreateDirectory(Path.Combine(root, "hand")).FullName;
        Directory.CreateDirectory(Path.Combine(hand, "output"));
        await File.WriteAllTextAsync(Path.Combine(hand, "tap.json"), JsonSerializer.Serialize(new
        {
            streams = new[]
            {
                new { stream_name = "animals", input_filename = Path.Combine(data, "animals-data.jsonl") },
                new { stream_name = "pageviews", input_filename = Path.Combine(data, "pageviews-data.jsonl") },
            },
        }));
        await File.WriteAllTextAsync(Path.Combine(hand, "target.json"), """{"target_folder":"hand/output"}""");
        // The catalog a user saves once (`tap --discover > catalog.json`) to skip discovery on every run.
        Measure("/bin/sh", root, ["-c", $"'{Path.Combine(venv, "bin", SdkTap)}' --config hand/tap.json --discover > catalog.json"]);
        return root;
    }

    private static Row[] SdkRows(string root, string venv)
    {
        var hand = $"'{Path.Combine(venv, "bin", SdkTap)}' --config hand/tap.json | '{Path.Combine(venv, "bin", SdkTarget)}' --config hand/target.json > /dev/null";
        return
        [
            new($"20-record Singer SDK pipeline ({SdkTap} -> {SdkTarget}), discovery on every run (executable-only plugin)", root, ["run", SdkTap, SdkTarget], hand),
            new($"20-record Singer SDK pipeline ({SdkTap} -> {SdkTarget}), saved catalog (`catalog:` extra)", root, ["run", $"{SdkTap}--catalog", SdkTarget], hand),
        ];
    }

    private static void Script(string root, string name, string body)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is ".meltano" or "output" or "build" || relative.Contains(".egg-info", StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run the benchmark from a checkout (no Aspire.sln found upward)");
    }
}
