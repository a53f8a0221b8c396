namespace Tapline.Scheduler.Tests.Support;

/// <summary>A throwaway Meltano project directory with a meltano.yml the test writes.</summary>
public sealed class TestProject : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("tapline-sched-").FullName;

    public string MeltanoYml => Path.Combine(Root, "meltano.yml");

    public const string Plugins =
        """
        version: 1
        default_environment: dev
        environments:
        - name: dev
        plugins:
          extractors:
          - name: tap-csv
            executable: tap-csv
          loaders:
          - name: target-jsonl
            executable: target-jsonl
        jobs:
        - name: csv-to-jsonl
          tasks:
          - tap-csv target-jsonl

        """;

    /// <summary>Writes meltano.yml atomically (temp file + rename), as Tapline's own writer does.</summary>
    public void Write(string schedulesYaml)
    {
        var temp = MeltanoYml + ".tmp";
        File.WriteAllText(temp, Plugins + schedulesYaml);
        File.Move(temp, MeltanoYml, overwrite: true);
    }

    public static string Schedule(string name, string interval, params string[] extraLines) =>
        $"""
        - name: {name}
          interval: '{interval}'
          extractor: tap-csv
          loader: target-jsonl
        {string.Concat(extraLines.Select(l => "  " + l + "\n"))}
        """;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test.
        }
    }
}
