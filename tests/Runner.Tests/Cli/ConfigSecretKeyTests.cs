using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>Issue #12 item 12: secrets stored by the CLI sit under Data Protection keys sealed with ui.secret_key.</summary>
public class ConfigSecretKeyTests
{
    private const string Yaml = """
        version: 1
        plugins:
          extractors:
          - name: tap-x
            executable: /bin/true
            settings:
            - {name: password, kind: password}
        """;

    private static Dictionary<string, string> With(Dictionary<string, string> env, string? key)
    {
        var copy = new Dictionary<string, string>(env);
        if (key is not null)
        {
            copy["MELTANO_UI_SECRET_KEY"] = key;
        }
        return copy;
    }

    [Theory]
    [InlineData(CliProjects.Sqlite)]
    [InlineData(CliProjects.Postgres)]
    public async Task A_secret_set_with_ui_secret_key_reads_back_with_it_and_another_or_no_key_fails_with_one_line_and_exit_1(string database)
    {
        var root = TempProject(Yaml);
        var env = await CliProjects.DatabaseEnvAsync(database);
        const string Key = "cli-secret-key-0123456789abcdef0123456789abcdef";

        var set = await RunAsync(["--cwd", root, "config", "tap-x", "set", "password", "pg-hunter2-secret", "--store", "db"], env: With(env, Key));
        var same = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: With(env, Key));
        var other = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: With(env, "another-key-0123456789abcdef0123456789abcdef"));
        var none = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: With(env, null));

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("\"password\": \"pg-hunter2-secret\"", same.Stdout);
        Assert.Equal(1, other.ExitCode);
        Assert.Equal(
            "error: the Data Protection keys in the system database were encrypted with a different ui.secret_key (MELTANO_UI_SECRET_KEY); "
            + "set the key the Api and the workers use, or, after changing it, list the old one in TAPLINE_PREVIOUS_SECRET_KEYS\n",
            other.Stderr);
        Assert.Equal(1, none.ExitCode);
        Assert.Equal(
            "error: the Data Protection keys in the system database are encrypted, but ui.secret_key (MELTANO_UI_SECRET_KEY) is not set; "
            + "set it to the key the Api and the workers use to read stored secrets\n",
            none.Stderr);

        var factory = await SystemDatabase.MigrateAsync(SystemDatabaseConnection.Resolve(null, env.GetValueOrDefault("MELTANO_DATABASE_URI"), root));
        await using var context = factory.CreateDbContext();
        var keys = await context.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
        Assert.Single(keys);
        Assert.DoesNotContain("<masterKey", keys[0]);
    }
}
