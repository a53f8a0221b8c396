namespace Tapline.Core.Tests.Plugins;

/// <summary>A throwaway project directory, removed after the test.</summary>
internal sealed class TempProject : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("tapline-plugins-").FullName;

    /// <summary>The repository root (the folder holding Aspire.sln).</summary>
    public static string RepoRoot => global::Tapline.TestSupport.RepoPaths.Root;


    /// <summary>Debian's interpreter: its pip installs setup.py packages without `wheel` (see tests/Fixtures/python-plugins/README.md).</summary>
    public static string FixturePython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Writes an executable shell script.</summary>
    public string Script(string relativePath, string body)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Copies a fixture package into the project so pip_url can name it by a relative path.</summary>
    public string CopyFixture(string name)
    {
        var source = Path.Combine(RepoRoot, "tests", "Fixtures", "python-plugins", name);
        var target = Path.Combine(Root, "src", name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(source, file);
            if (rel.Contains("egg-info") || rel.Contains("__pycache__") || rel.StartsWith("build")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, rel))!);
            File.Copy(file, Path.Combine(target, rel));
        }
        return "./src/" + name;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}
