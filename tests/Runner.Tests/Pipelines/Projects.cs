using Tapline.Runner.Tests.Cli;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>Temp copies of projects, so every test writes its own .meltano, output and database.</summary>
internal static class Projects
{
    private static string NewDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tapline-pipeline-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>demo/ with its meltano.yml and data/, nothing of a previous run.</summary>
    public static string Demo()
    {
        var root = NewDir("demo");
        var demo = Path.Combine(TaplineProcess.RepoRoot(), "demo");
        File.Copy(Path.Combine(demo, "meltano.yml"), Path.Combine(root, "meltano.yml"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        foreach (var csv in Directory.GetFiles(Path.Combine(demo, "data"), "*.csv"))
        {
            File.Copy(csv, Path.Combine(root, "data", Path.GetFileName(csv)));
        }
        return root;
    }

    public static string WithYaml(string yaml)
    {
        var root = NewDir("p");
        File.WriteAllText(Path.Combine(root, "meltano.yml"), yaml);
        return root;
    }

    /// <summary>An executable shell script in the project (a plugin's <c>executable: ./name</c>).</summary>
    public static void Script(string root, string name, string body)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static string[] OutputLines(string root, string stream) =>
        File.Exists(Path.Combine(root, "output", stream + ".jsonl")) ? File.ReadAllLines(Path.Combine(root, "output", stream + ".jsonl")) : [];
}
