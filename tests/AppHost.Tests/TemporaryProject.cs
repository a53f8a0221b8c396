namespace Tapline.AppHost.Tests;

/// <summary>
/// A Meltano project directory of the test's own (a copy of demo/ when the repository has one),
/// so local mode's initdb runs fresh into its <c>.meltano/postgres</c> and nothing leaks between runs.
/// </summary>
internal sealed class TemporaryProject : IDisposable
{
    public TemporaryProject()
    {
        Root = Path.Combine(Path.GetTempPath(), $"tapline-apphost-{Guid.NewGuid():N}"[..28]);
        var demo = RepositoryLayout.Path("demo");
        if (Directory.Exists(demo))
        {
            Copy(demo, Root);
        }
        else
        {
            Directory.CreateDirectory(Root);
            File.WriteAllText(Path.Combine(Root, "meltano.yml"), "version: 1\ndefault_environment: dev\nenvironments:\n  - name: dev\n");
        }
    }

    public string Root { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            // A developer's local state (plugins, system database, logs) is not part of the project.
            if (name != ".meltano")
            {
                Copy(directory, Path.Combine(to, name));
            }
        }
    }
}
