using static Tapline.Runner.Tests.Pipelines.Tapline;

namespace Tapline.Runner.Tests.Pipelines;

/// <summary>What a plugin's process sees of the environment of the process that starts it (a worker, the CLI).</summary>
public class PluginProcessEnvTests
{
    private const string DbPassword = "systemdb-password-do-not-leak";

    [Fact]
    public async Task Plugin_processes_never_get_the_services_connection_strings_or_tapline_variables_even_copied_by_env_but_keep_meltano_and_the_terminal()
    {
        // Each plugin writes its environment, NUL-separated, next to the project.
        var root = ScriptProject.Create(
            "env -0 > tap-env.bin\n" + ScriptProject.ThreeRecords,
            "env -0 > target-env.bin; cat > /dev/null",
            // A meltano.yml (in git, or written by an admin) cannot copy a service variable under another name.
            """
            env:
              COPIED_PASSWORD: $TAPLINE_BOOTSTRAP_PASSWORD
              COPIED_CONNECTION: ${ConnectionStrings__warehouse}
            """);
        var r = await RunAsync(root, ["run", "tap-script", "target-script"], new Dictionary<string, string>
        {
            // What Aspire and the AppHost give a worker.
            ["ConnectionStrings__warehouse"] = $"Host=db;Username=tapline;Password={DbPassword}",
            ["ConnectionStrings:reports"] = $"Host=db;Password={DbPassword}",
            ["TAPLINE_BOOTSTRAP_PASSWORD"] = DbPassword,
            ["tapline_lowercase_secret"] = DbPassword,
            // A data engineer's terminal, as Meltano passes it on.
            ["MELTANO_UI_SECRET_KEY"] = "terminal-secret-key",
            ["MY_TOKEN"] = "tok",
        });
        Assert.True(r.ExitCode == 0, r.ToString());

        foreach (var file in new[] { "tap-env.bin", "target-env.bin" })
        {
            var env = (await File.ReadAllTextAsync(Path.Combine(root, file)))
                .Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv[1]);
            Assert.DoesNotContain(env, kv => kv.Value.Contains(DbPassword, StringComparison.Ordinal));
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase));
            // The bundled plugins' folder is a path a nested `tapline` needs, not a secret.
            Assert.Equal([PluginsVariable], env.Keys.Where(k => k.StartsWith("TAPLINE_", StringComparison.OrdinalIgnoreCase)).ToArray());
            Assert.Equal("terminal-secret-key", env["MELTANO_UI_SECRET_KEY"]);
            Assert.Equal("tok", env["MY_TOKEN"]);
            Assert.Equal("", env["COPIED_PASSWORD"]);
            Assert.Equal("", env["COPIED_CONNECTION"]);
            Assert.Equal(root, env["MELTANO_PROJECT_ROOT"]);
        }
    }

    private const string PluginsVariable = "TAPLINE_PLUGINS_DIR";
}
