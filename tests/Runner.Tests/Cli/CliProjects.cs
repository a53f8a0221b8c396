using Tapline.TestSupport;

namespace Tapline.Runner.Tests.Cli;

/// <summary>System databases for CLI tests: Meltano's SQLite default, or a fresh PostgreSQL database via MELTANO_DATABASE_URI.</summary>
public static class CliProjects
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The env a `tapline` process needs for <paramref name="database"/> (empty for the SQLite default).</summary>
    public static async Task<Dictionary<string, string>> DatabaseEnvAsync(string database)
    {
        if (database != Postgres)
        {
            return [];
        }
        var pg = await PostgresServer.GetAsync();
        var cs = await pg.CreateDatabaseAsync("tapline_cli_system_database_");
        return new Dictionary<string, string> { ["MELTANO_DATABASE_URI"] = PostgresServer.ToDatabaseUri(cs) };
    }

    /// <summary>Copies a Python plugin fixture into the project (without build leftovers) so pip_url can name it relatively.</summary>
    public static string CopyPythonFixture(string projectRoot, string name)
    {
        var source = Path.Combine(TaplineProcess.RepoRoot(), "tests", "Fixtures", "python-plugins", name);
        var target = Path.Combine(projectRoot, "src", name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(source, file);
            if (rel.Contains("egg-info", StringComparison.Ordinal) || rel.Contains("__pycache__", StringComparison.Ordinal) || rel.StartsWith("build", StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, rel))!);
            File.Copy(file, Path.Combine(target, rel));
        }
        return "./src/" + name;
    }

    /// <summary>Debian's interpreter, which installs setup.py packages without `wheel` (tests/Fixtures/python-plugins/README.md).</summary>
    public static string FixturePython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}
