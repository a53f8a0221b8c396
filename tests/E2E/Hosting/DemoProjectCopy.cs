namespace Tapline.E2E.Hosting;

/// <summary>
/// A temporary copy of demo/, the project a user gets by default, so the run's state, logs
/// and local PostgreSQL land in a directory of the test's own and nothing leaks between runs.
/// </summary>
internal sealed class DemoProjectCopy : IDisposable
{
    public DemoProjectCopy()
    {
        // Short: local PostgreSQL puts its socket under this path, and sockets have a length limit.
        Root = Path.Combine(Path.GetTempPath(), $"tapline-e2e-{Guid.NewGuid():N}"[..24]);
        Copy(Path.Combine(RepositoryLayout.Root, "demo"), Root);
    }

    public string Root { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL may still be removing its socket; a leftover temp folder harms nothing.
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
            // A developer's plugins, database, logs and the target's output are not the project.
            if (name is not ".meltano" and not "output")
            {
                Copy(directory, Path.Combine(to, name));
            }
        }
    }
}
