namespace Tapline.E2E.Hosting;

/// <summary>
/// demo/ plus <c>daily-csv-watched</c>: the demo's tap-csv into a loader that takes each
/// Singer message 0.4 s apart and logs it, so the 11-record run lasts about 6 s. The demo run
/// itself takes ~0.3 s, which can end before a browser's log stream connects; this one can be
/// watched live, its lines arriving while it runs.
/// </summary>
public sealed class WatchableRunTaplineApp() : TaplineApp(new Dictionary<string, string>())
{
    public const string Schedule = "daily-csv-watched";
    public const string Loader = "target-slow";

    protected override void PrepareProject(string root)
    {
        ProjectScripts.Write(root, $"{Loader}.sh", $$"""
            #!/bin/sh
            # Stores nothing: logs each message it is handed, one every 0.4 s.
            n=0
            while IFS= read -r line; do
              n=$((n+1))
              echo "{{Loader}}: message $n: $(printf '%s' "$line" | cut -c1-60)" >&2
              sleep 0.4
            done
            echo "{{Loader}}: $n messages" >&2
            """);

        var path = Path.Combine(root, "meltano.yml");
        var yaml = File.ReadAllText(path)
            .Replace("  loaders:\n", $"  loaders:\n  - name: {Loader}\n    executable: ./{Loader}.sh\n", StringComparison.Ordinal)
            .Replace("schedules:\n", $"""
                schedules:
                - name: {Schedule}
                  interval: '@daily'
                  extractor: tap-csv
                  loader: {Loader}

                """, StringComparison.Ordinal);
        if (!yaml.Contains(Schedule, StringComparison.Ordinal) || !yaml.Contains($"./{Loader}.sh", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("demo/meltano.yml no longer has the 'loaders:' and 'schedules:' lines this fixture extends.");
        }
        File.WriteAllText(path, yaml);
    }
}
