using Tapline.Runner.Tests.Worker;

namespace Tapline.Faults.Tests;

/// <summary>
/// The worker tests' project (<see cref="MultiProcessProject"/>) with a tap that can also wait
/// <em>before</em> its STATE line (while <c>hold/&lt;key&gt;.before</c> exists), so a test can have
/// the state arrive, and the run end, inside a database outage.
/// </summary>
internal static class FaultProject
{
    private const string Tap = """
        #!/bin/sh
        state=
        while [ $# -gt 0 ]; do
          if [ "$1" = "--state" ]; then state=$2; fi
          shift
        done
        key=$(sed -nE 's/.*"key":"([^"]*)".*/\1/p' "$state")
        count=$(sed -nE 's/.*"count":([0-9]+).*/\1/p' "$state")
        next=$((count + 1))
        echo "$key $next start $(date +%s%N) $$" >> ledger.txt
        echo '{"type":"SCHEMA","stream":"items","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        echo '{"type":"RECORD","stream":"items","record":{"id":'"$next"'}}'
        while [ -e "hold/$key.before" ]; do sleep 0.1; done
        echo '{"type":"STATE","value":{"key":"'"$key"'","count":'"$next"'}}'
        while [ -e "hold/$key" ]; do sleep 0.1; done
        echo "$key $next end $(date +%s%N) $$" >> ledger.txt
        """;

    public static MultiProcessProject Create()
    {
        var project = MultiProcessProject.Create();
        File.WriteAllText(Path.Combine(project.Root, "tap.sh"), Tap.ReplaceLineEndings("\n") + "\n");
        return project;
    }

    public static void HoldBeforeState(this MultiProcessProject project, string key) =>
        File.WriteAllText(Path.Combine(project.Root, "hold", key + ".before"), "");

    public static void ReleaseBeforeState(this MultiProcessProject project, string key) =>
        File.Delete(Path.Combine(project.Root, "hold", key + ".before"));
}
