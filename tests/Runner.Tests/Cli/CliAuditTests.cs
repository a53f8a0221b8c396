using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class CliAuditTests
{
    [Fact]
    public async Task State_set_clear_and_config_set_from_the_cli_are_audited_as_the_os_user_without_the_secret()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-exe
                executable: /bin/true
                settings:
                - {name: password, kind: password}
            """);
        var env = await CliProjects.DatabaseEnvAsync(CliProjects.Postgres);
        async Task Ok(params string[] args)
        {
            var r = await RunAsync(["--cwd", root, .. args], env: env);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        await Ok("state", "set", "dev:audit", """{"singer_state": {"bookmarks": {}}}""", "--force");
        await Ok("state", "clear", "dev:audit", "--force");
        await Ok("config", "tap-exe", "set", "password", "hunter2-secret", "--store", "db");

        var connection = SystemDatabaseConnection.Resolve(null, env["MELTANO_DATABASE_URI"], root);
        await using var db = (await SystemDatabase.MigrateAsync(connection)).CreateDbContext();
        var rows = await db.AuditLog.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["state.set", "state.clear", "config.set"], rows.Select(r => r.Action).ToArray());
        Assert.All(rows, r => Assert.Equal((Environment.UserName, "cli", "ok"), (r.Actor, r.Source, r.Outcome)));
        Assert.Equal("dev:audit", rows[0].Target);
        Assert.Equal("tapline config set", rows[2].Request);
        Assert.DoesNotContain("hunter2-secret", rows[2].After);
    }
}
