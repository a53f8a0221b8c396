using System.Globalization;
using System.Text.Json.Nodes;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.State;
using Tapline.Core.Pipelines.Runs;
using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Worker;

/// <summary>
/// A temporary Meltano project whose plugins are tiny shell scripts, for tests that run real
/// <c>tapline</c> processes. The tap learns which run it is from its incremental state
/// (<c>{"key": ..., "count": n}</c>, seeded by <see cref="SeedAsync"/>), appends a <c>start</c> and an
/// <c>end</c> line to <c>ledger.txt</c>, emits SCHEMA, RECORD and STATE (<c>count + 1</c>), and waits
/// while <c>hold/&lt;key&gt;</c> exists. The target prints each state value, so the engine saves it.
/// Plugins run with the project root as working directory; the workers do not.
/// </summary>
internal sealed class MultiProcessProject
{
    public const string Environment = "dev";
    public const string Block = "tap-count target-echo";

    /// <summary>The state id <c>tapline run tap-count target-echo</c> uses in the dev environment.</summary>
    public const string CliStateId = "dev:tap-count-to-target-echo";

    private const string MeltanoYml = """
        version: 1
        default_environment: dev
        environments:
          - name: dev
        plugins:
          extractors:
            - name: tap-count
              namespace: tap_count
              executable: ./tap.sh
              capabilities: [state]
          loaders:
            - name: target-echo
              namespace: target_echo
              executable: ./target.sh
        """;

    // Compact JSON (System.Text.Json writes the state file without spaces), so sed can read it.
    private const string Tap = """
        #!/bin/sh
        state=
        while [ $# -gt 0 ]; do
          if [ "$1" = "--state" ]; then state=$2; fi
          shift
        done
        if [ -z "$state" ]; then echo "tap-count: no --state given" >&2; exit 3; fi
        key=$(sed -nE 's/.*"key":"([^"]*)".*/\1/p' "$state")
        count=$(sed -nE 's/.*"count":([0-9]+).*/\1/p' "$state")
        next=$((count + 1))
        echo "$key $next start $(date +%s%N) $$" >> ledger.txt
        echo '{"type":"SCHEMA","stream":"items","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        echo '{"type":"RECORD","stream":"items","record":{"id":'"$next"'}}'
        echo '{"type":"STATE","value":{"key":"'"$key"'","count":'"$next"'}}'
        if [ -f "dwell/$key" ]; then sleep "$(cat "dwell/$key")"; fi
        while [ -e "hold/$key" ]; do sleep 0.1; done
        echo "$key $next end $(date +%s%N) $$" >> ledger.txt
        echo "tap-count: $key run $next done" >&2
        """;

    private const string Target = """
        #!/bin/sh
        exec sed -u -nE 's/^\{"type":"STATE","value":(.*)\}$/\1/p'
        """;

    private MultiProcessProject(string root) => Root = root;

    public string Root { get; }

    public string LedgerPath => Path.Combine(Root, "ledger.txt");

    public static MultiProcessProject Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-multiproc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "hold"));
        Directory.CreateDirectory(Path.Combine(root, "dwell"));
        File.WriteAllText(Path.Combine(root, "meltano.yml"), MeltanoYml);
        WriteScript(Path.Combine(root, "tap.sh"), Tap);
        WriteScript(Path.Combine(root, "target.sh"), Target);
        return new MultiProcessProject(root);
    }

    private static void WriteScript(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The multi-process worker tests run shell-script plugins and read /proc: Linux only.");
        }
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    public static string StateIdOf(string key) => $"{Environment}:{key}";

    /// <summary>
    /// What the Scheduler queues for an elt-style schedule named <paramref name="key"/>: the block, keeping its
    /// state under the row's state id, which the payload names (the worker runs the payload as it is).
    /// </summary>
    public static RunRequest Request(string key) =>
        new(StateIdOf(key), Block, RunTrigger.Schedule) { Payload = new RunOptions { Environment = Environment, StateId = StateIdOf(key) }.ToPayload() };

    /// <summary>Gives <paramref name="stateId"/> the state that tells the tap its key (count 0).</summary>
    public static Task SeedAsync(StateStore state, string stateId, string key) =>
        state.SetAsync(stateId, new JsonObject { ["singer_state"] = new JsonObject { ["key"] = key, ["count"] = 0 } }.ToJsonString(), null);

    /// <summary>The count the last saved state of <paramref name="stateId"/> holds.</summary>
    public static async Task<int> SavedCountAsync(StateStore state, string stateId)
    {
        var record = await state.GetAsync(stateId) ?? throw new InvalidOperationException($"no state for {stateId}");
        return JsonNode.Parse(record.Completed!)!["singer_state"]!["count"]!.GetValue<int>();
    }

    /// <summary>The tap of <paramref name="key"/> waits after its STATE line until <see cref="Release"/>.</summary>
    public void Hold(string key) => File.WriteAllText(Path.Combine(Root, "hold", key), "");

    public void Release(string key) => File.Delete(Path.Combine(Root, "hold", key));

    /// <summary>The tap of <paramref name="key"/> sleeps this long after its STATE line (widens race windows).</summary>
    public void Dwell(string key, double seconds) =>
        File.WriteAllText(Path.Combine(Root, "dwell", key), seconds.ToString("0.###", CultureInfo.InvariantCulture));

    public IReadOnlyList<LedgerLine> Ledger() =>
        File.Exists(LedgerPath)
            ? File.ReadAllLines(LedgerPath).Where(l => l.Length > 0).Select(LedgerLine.Parse).ToList()
            : [];

    /// <summary>Processes whose working directory is this project: the plugins (workers run elsewhere).</summary>
    public IReadOnlyList<int> PluginProcesses()
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd == Root && ProcessTable.IsAlive(pid))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }
        return pids;
    }
}

/// <summary>One line the tap appended: <c>key count start|end nanoseconds pid</c>.</summary>
internal sealed record LedgerLine(string Key, int Count, string Event, long Nanos, int Pid)
{
    public static LedgerLine Parse(string line)
    {
        var f = line.Split(' ');
        if (f.Length != 5)
        {
            throw new FormatException($"ledger line '{line}' is not 'key count event nanos pid'");
        }
        return new LedgerLine(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2], long.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture));
    }
}
