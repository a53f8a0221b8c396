using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Tapline.Core.Data;
using Tapline.Core.Data.Database;
using Tapline.TestSupport;

namespace Tapline.Core.Tests.Data;

/// <summary>
/// The SQL the system database's migrations run is EF's own script for each migration, committed under
/// Core/Data/Migrations/Sql and embedded in Core.dll (SystemDatabase applies it without EF). These tests keep the
/// files and the EF migrations one thing: a migration added without its SQL fails here, naming the command that
/// writes it.
/// </summary>
public class MigrationSqlTests
{
    private const string RegenerateVariable = "TAPLINE_REGENERATE_MIGRATION_SQL";

    private const string RegenerateCommand =
        "TAPLINE_REGENERATE_MIGRATION_SQL=1 dotnet test tests/Core.Tests -c Release --filter FullyQualifiedName~MigrationSqlTests, then rebuild (see SystemDatabase)";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Committed_sql_is_what_efs_generator_writes_for_each_migration(DatabaseProvider provider)
    {
        var generated = MigrationSql.Generate(provider);
        var directory = MigrationSql.Directory(provider);

        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            System.IO.Directory.CreateDirectory(directory);
            foreach (var stale in System.IO.Directory.GetFiles(directory, "*.sql").Where(f => !generated.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }
            foreach (var (name, sql) in generated)
            {
                File.WriteAllText(Path.Combine(directory, name), sql);
            }
        }

        var committed = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "*.sql").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal)
            : [];
        var missing = generated.Keys.Except(committed.Keys).Order(StringComparer.Ordinal).ToList();
        var extra = committed.Keys.Except(generated.Keys).Order(StringComparer.Ordinal).ToList();
        var differing = generated.Keys.Intersect(committed.Keys).Where(k => committed[k] != generated[k]).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && differing.Count == 0,
            $"{directory} is not EF's SQL for the {provider} migrations (missing: [{string.Join(", ", missing)}], " +
            $"not a migration: [{string.Join(", ", extra)}], different: [{string.Join(", ", differing)}]). " +
            $"Regenerate it from the repository root with: {RegenerateCommand}");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Core_embeds_each_committed_file_under_its_migration_id(DatabaseProvider provider)
    {
        var directory = MigrationSql.Directory(provider);
        var prefix = $"Tapline.Core.Migrations.{provider}.";
        var embedded = typeof(SystemDatabase).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            System.IO.Directory.GetFiles(directory, "*.sql").Select(f => prefix + Path.GetFileName(f)).Order(StringComparer.Ordinal),
            embedded);
        Assert.Equal(
            SystemDatabase.MigrationIds(provider).Select(id => $"{prefix}{id}.sql").Append($"{prefix}__EFMigrationsHistory.sql").Order(StringComparer.Ordinal),
            embedded);
        foreach (var name in embedded)
        {
            using var stream = typeof(SystemDatabase).Assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            Assert.Equal(File.ReadAllText(Path.Combine(directory, name[prefix.Length..])), reader.ReadToEnd());
        }
    }
}

/// <summary>EF's SQL for each migration of a provider, as SystemDatabase applies it.</summary>
internal static class MigrationSql
{
    public const string HistoryFile = "__EFMigrationsHistory.sql";

    public static string Directory(DatabaseProvider provider) =>
        Path.Combine(RepoPaths.Root, "Core", "Data", "Migrations", "Sql", provider.ToString());

    /// <summary>File name (<c>&lt;MigrationId&gt;.sql</c> and <see cref="HistoryFile"/>) to its text, LF line ends.</summary>
    public static IReadOnlyDictionary<string, string> Generate(DatabaseProvider provider)
    {
        using var context = GeneratorContext(provider);
        var migrator = context.GetService<IMigrator>();
        var history = Normalize(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript());
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { [HistoryFile] = history };
        string? previous = null;
        foreach (var id in context.Database.GetMigrations())
        {
            var script = Normalize(migrator.GenerateScript(previous, id, MigrationsSqlGenerationOptions.NoTransactions));
            if (previous is null)
            {
                // The script from the empty database opens with the history table's creation; the applier creates
                // that itself (the history file), before any migration.
                Assert.StartsWith(history, script, StringComparison.Ordinal);
                script = script[history.Length..].TrimStart('\n');
            }
            files[id + ".sql"] = script;
            previous = id;
        }
        return files;
    }

    private static SystemDbContext GeneratorContext(DatabaseProvider provider) =>
        // Generating a script opens no connection: a database that does not exist is enough.
        new SystemDbContextFactory(provider == DatabaseProvider.Sqlite
            ? SystemDatabaseConnection.Resolve(null, "sqlite:///unused.db", Path.GetTempPath())
            : SystemDatabaseConnection.FromNpgsqlConnectionString("Host=unused;Database=unused")).CreateDbContext();

    // EF writes Environment.NewLine; the committed files are LF everywhere (.gitattributes), ending in one newline.
    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n') + "\n";
}
