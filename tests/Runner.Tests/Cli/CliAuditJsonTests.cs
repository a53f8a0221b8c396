using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>
/// The CLI's audit rows carry the schedule as source-generated JSON (no reflection on tapline's path): every value a
/// schedule's extras hold once read back from meltano.yml (text, numbers, booleans) is written, none as "unreadable".
/// </summary>
public class CliAuditJsonTests
{
    [Fact]
    public async Task Schedule_add_and_set_audit_the_whole_schedule_with_its_extras()
    {
        var project = CopyOfDemo();
        var env = await CliProjects.DatabaseEnvAsync(CliProjects.Postgres);
        async Task Ok(params string[] args)
        {
            var r = await RunAsync(["--cwd", project, .. args], env: env);
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        await Ok("schedule", "add", "audited", "--extractor", "tap-csv", "--loader", "target-jsonl", "--interval", "@hourly",
            "--timezone", "Europe/Berlin", "--retries", "2");
        await Ok("schedule", "set", "audited", "--interval", "@daily", "--enabled", "false");

        var connection = SystemDatabaseConnection.Resolve(null, env["MELTANO_DATABASE_URI"], project);
        await using var db = (await SystemDatabase.MigrateAsync(connection)).CreateDbContext();
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.Action.StartsWith("schedule.")).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["schedule.add", "schedule.set"], rows.Select(r => r.Action).ToArray());
        Assert.All(rows, r => Assert.DoesNotContain("unreadable", r.After));

        var added = JsonNode.Parse(rows[0].After!)!;
        Assert.Equal(("audited", "tap-csv", "target-jsonl", "@hourly", true),
            ((string?)added["name"], (string?)added["extractor"], (string?)added["loader"], (string?)added["interval"], (bool?)added["enabled"]));

        var set = JsonNode.Parse(rows[1].After!)!;
        Assert.Equal(("@daily", false), ((string?)set["interval"], (bool?)set["enabled"]));
        Assert.Equal("Europe/Berlin", (string?)set["extras"]!["timezone"]);
        Assert.Equal(2, (long?)set["extras"]!["retries"]);
    }
}
