namespace Tapline.Api.Tests.Support;

/// <summary>A small Meltano project: two extractors (one with a secret), a loader, an elt schedule, a job schedule.</summary>
public static class DemoProject
{
    public const string Secret = "s3cr3t-database-password";

    public static Task WriteAsync(string root) => File.WriteAllTextAsync(Path.Combine(root, "meltano.yml"), """
        version: 1
        default_environment: dev
        project_id: api-tests
        environments:
        - name: dev
        - name: prod
        plugins:
          extractors:
          - name: tap-csv
            namespace: tap_csv
            executable: tap-csv
            settings:
            - name: files
              kind: array
            - name: delimiter
              value: ','
            config:
              files: [{entity: users, path: data/users.csv, keys: [id]}]
          - name: tap-postgres
            namespace: tap_postgres
            pip_url: ./plugins/tap-postgres
            settings:
            - name: host
            - name: port
              kind: integer
              value: 5432
            - name: password
              kind: password
          loaders:
          - name: target-jsonl
            namespace: target_jsonl
            executable: target-jsonl
            settings:
            - name: destination_path
              value: output
        schedules:
        - name: daily-csv
          extractor: tap-csv
          loader: target-jsonl
          transform: skip
          interval: '@daily'
        - name: nightly-job
          job: csv-to-jsonl
          interval: '30 2 * * *'
        jobs:
        - name: csv-to-jsonl
          tasks:
          - tap-csv target-jsonl
        """);
}
