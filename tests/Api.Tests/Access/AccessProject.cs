namespace Tapline.Api.Tests.Access;

/// <summary>A minimal meltano.yml with one schedule, the target of project-file writes in access tests.</summary>
public static class AccessProject
{
    public const string Schedule = "daily-csv";

    public static Task WriteAsync(string root) => File.WriteAllTextAsync(Path.Combine(root, "meltano.yml"), """
        version: 1
        default_environment: dev
        project_id: access-tests
        environments:
        - name: dev
        plugins:
          extractors:
          - name: tap-csv
            namespace: tap_csv
            executable: tap-csv
          loaders:
          - name: target-jsonl
            namespace: target_jsonl
            executable: target-jsonl
        schedules:
        - name: daily-csv
          extractor: tap-csv
          loader: target-jsonl
          transform: skip
          interval: '@daily'
        """);
}
