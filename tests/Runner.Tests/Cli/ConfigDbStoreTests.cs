using System.Text;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class ConfigDbStoreTests
{
    private const string Yaml = """
        version: 1
        plugins:
          extractors:
          - name: tap-x
            executable: /bin/true
            settings:
            - {name: user}
            - {name: password, kind: password}
            - {name: page_size, kind: integer}
        """;

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task Config_set_store_db_shows_source_db_in_list_and_keeps_the_secret_encrypted(string database)
    {
        var root = TempProject(Yaml);
        var env = await CliProjects.DatabaseEnvAsync(database);

        var setSecret = await RunAsync(["--cwd", root, "config", "tap-x", "set", "password", "pg-hunter2-secret", "--store", "db"], env: env);
        var setSize = await RunAsync(["--cwd", root, "config", "tap-x", "set", "page_size", "250", "--store", "db"], env: env);
        var list = await RunAsync(["--cwd", root, "config", "tap-x", "list"], env: env);
        var listAll = await RunAsync(["--cwd", root, "config", "list"], env: env);
        var plain = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: env);

        Assert.True(setSecret.ExitCode == 0, setSecret.ToString());
        Assert.Equal("Extractor 'tap-x' setting 'password' was set in the system database: (redacted)\n", setSecret.Stdout);
        Assert.True(setSize.ExitCode == 0, setSize.ToString());
        Assert.Contains("password [env: TAP_X_PASSWORD] current value: (redacted) (from the system database)", list.Stdout);
        Assert.Contains("page_size [env: TAP_X_PAGE_SIZE] current value: 250 (from the system database)", list.Stdout);
        Assert.Contains("  page_size [env: TAP_X_PAGE_SIZE] current value: 250 (from the system database)", listAll.Stdout);
        Assert.Contains("\"password\": \"pg-hunter2-secret\"", plain.Stdout);
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.False(File.Exists(Path.Combine(root, ".env")));

        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.Resolve(null, env.GetValueOrDefault("MELTANO_DATABASE_URI"), root));
        await using (var context = factory.CreateDbContext())
        {
            var rows = await context.PluginSettings.AsNoTracking().ToDictionaryAsync(r => r.SettingName);
            Assert.True(rows["password"].Encrypted);
            Assert.DoesNotContain("pg-hunter2-secret", rows["password"].Value);
            Assert.Equal("250", rows["page_size"].Value);
        }
        if (database == CliProjects.Sqlite)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, ".meltano"), "meltano.db*"))
            {
                Assert.DoesNotContain("pg-hunter2-secret", Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
            }
        }
    }

    [Fact]
    public async Task Config_unset_store_db_removes_the_value()
    {
        var root = TempProject(Yaml);
        Assert.Equal(0, (await RunAsync("--cwd", root, "config", "tap-x", "set", "page_size", "250", "--store", "db")).ExitCode);

        var unset = await RunAsync("--cwd", root, "config", "tap-x", "unset", "page_size", "--store", "db");
        var list = await RunAsync("--cwd", root, "config", "tap-x", "list");

        Assert.True(unset.ExitCode == 0, unset.ToString());
        Assert.Contains("was unset from the system database", unset.Stdout);
        Assert.Contains("page_size [env: TAP_X_PAGE_SIZE] current value: None\n", list.Stdout);
    }

    [Fact]
    public async Task Config_without_store_db_does_not_create_the_system_database()
    {
        var root = TempProject(Yaml);

        var list = await RunAsync("--cwd", root, "config", "list");
        var set = await RunAsync("--cwd", root, "config", "tap-x", "set", "user", "me");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.False(File.Exists(Path.Combine(root, ".meltano", "meltano.db")));
    }

    [Fact]
    public async Task Config_set_in_a_read_only_project_goes_to_the_system_database_as_in_Meltano()
    {
        var root = TempProject(Yaml);
        var readOnly = new Dictionary<string, string> { ["MELTANO_PROJECT_READONLY"] = "true" };

        var set = await RunAsync(["--cwd", root, "config", "tap-x", "set", "user", "me"], env: readOnly);
        var explicitYml = await RunAsync(["--cwd", root, "config", "tap-x", "set", "user", "me", "--store", "meltano_yml"], env: readOnly);
        var list = await RunAsync("--cwd", root, "config", "tap-x", "list");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("was set in the system database", set.Stdout);
        Assert.Equal(1, explicitYml.ExitCode);
        Assert.Contains("read-only", explicitYml.Stderr);
        Assert.Contains("user [env: TAP_X_USER] current value: \"me\" (from the system database)", list.Stdout);
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }
}
