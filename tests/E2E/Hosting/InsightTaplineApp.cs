namespace Tapline.E2E.Hosting;

/// <summary>
/// demo/ plus what the overview must show at once: a slow tap that logs Singer METRIC lines
/// (a run that is still running, with HTTP timings), a loader that always fails, and a
/// freshness threshold of one day on daily-csv (whose bookmarks are from January 2026: stale).
/// </summary>
public sealed class InsightTaplineApp() : TaplineApp(new Dictionary<string, string>())
{
    /// <summary>How many records the slow tap sends, one every 0.2 s: long enough to be watched.</summary>
    public const int SlowRecords = 600;

    protected override void PrepareProject(string root)
    {
        ProjectScripts.Write(root, "tap-slow.sh", """
            #!/bin/sh
            echo '{"type":"SCHEMA","stream":"events","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
            i=0
            while [ $i -lt SLOW_RECORDS ]; do
              i=$((i+1))
              echo "{\"type\":\"RECORD\",\"stream\":\"events\",\"record\":{\"id\":$i}}"
              code=200; status=succeeded
              if [ $((i % 10)) -eq 0 ]; then code=503; status=failed; fi
              echo "INFO | singer_sdk.metrics | METRIC: {\"type\":\"timer\",\"metric\":\"http_request_duration\",\"value\":0.$((i % 9 + 1))5,\"tags\":{\"stream\":\"events\",\"endpoint\":\"/events\",\"http_status_code\":$code,\"status\":\"$status\"}}" >&2
              sleep 0.2
            done
            echo "INFO | singer_sdk.metrics | METRIC: {\"type\":\"counter\",\"metric\":\"record_count\",\"value\":$i,\"tags\":{\"stream\":\"events\"}}" >&2
            """.Replace("SLOW_RECORDS", SlowRecords.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        ProjectScripts.Write(root, "target-fail.sh", """
            #!/bin/sh
            cat > /dev/null
            echo "target-fail: cannot write to the warehouse" >&2
            exit 1
            """);

        var path = Path.Combine(root, "meltano.yml");
        var yaml = File.ReadAllText(path)
            .Replace("  extractors:\n", "  extractors:\n  - name: tap-slow\n    executable: ./tap-slow.sh\n", StringComparison.Ordinal)
            .Replace("  loaders:\n", "  loaders:\n  - name: target-fail\n    executable: ./target-fail.sh\n", StringComparison.Ordinal)
            .Replace("- name: daily-csv\n", "- name: daily-csv\n  annotations: {tapline: {freshness: {max_lag: 1d}}}\n", StringComparison.Ordinal)
            .Replace("jobs:\n", """
                - name: slow-events
                  interval: '@daily'
                  extractor: tap-slow
                  loader: target-jsonl
                - name: broken-load
                  interval: '@daily'
                  extractor: tap-csv
                  loader: target-fail
                jobs:

                """, StringComparison.Ordinal);
        File.WriteAllText(path, yaml);
    }
}
