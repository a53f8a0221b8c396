namespace Tapline.Core.Tests.Fixtures;

/// <summary>The meltano.yml corpus under Fixtures/projects, copied to a fresh temp dir per test so edits stay local.</summary>
public static class FixtureProjects
{
    /// <summary>
    /// A project of the corpus: Core's own under Fixtures/projects, or a Meltano-shaped one (lock files and all)
    /// under the repository's tests/Fixtures/meltano-projects, which the CLI tests share.
    /// </summary>
    public static string Source(string name)
    {
        var own = Path.Combine(AppContext.BaseDirectory, "Fixtures", "projects", name);
        return Directory.Exists(own) ? own : Path.Combine(Tapline.TestSupport.RepoPaths.Root, "tests", "Fixtures", "meltano-projects", name);
    }

    public static string Copy(string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "tapline-tests", $"{name}-{Guid.NewGuid():N}");
        CopyDir(Source(name), target);
        return target;
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        foreach (var d in Directory.GetDirectories(from))
        {
            CopyDir(d, Path.Combine(to, Path.GetFileName(d)));
        }
    }

    /// <summary>An environment with nothing set, so the machine's own env cannot leak into a test.</summary>
    public static Dictionary<string, string> Env(params (string Key, string Value)[] vars) =>
        vars.ToDictionary(v => v.Key, v => v.Value);
}
