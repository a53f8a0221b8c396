using Tapline.Core.Audit;
using Tapline.Core.Data.Database;
using Tapline.Core.Tests.Data;

namespace Tapline.Core.Tests.Audit;

public class AuditLogTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Rows_older_than_the_retention_are_pruned_and_newer_ones_kept(DatabaseProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var audit = new AuditLog(await TestDatabases.MigratedAsync(provider), clock);
        await audit.WriteAsync(new AuditEntry("ada", AuditEntry.FromApi, "start_run", AuditEntry.Ok));
        clock.Advance(TimeSpan.FromDays(40));
        await audit.WriteAsync(new AuditEntry("bob", AuditEntry.FromCli, "state.set", AuditEntry.Ok));

        Assert.Equal(1, await audit.PruneAsync(TimeSpan.FromDays(30)));

        var left = Assert.Single(await audit.QueryAsync(new AuditQuery()));
        Assert.Equal("bob", left.Actor);
    }

    [Fact]
    public void Redaction_hides_secrets_at_any_depth_but_keeps_var_references()
    {
        var json = AuditRedaction.ToJson(new
        {
            Name = "oncall",
            Channel = new { Secret = "hunter2", Url = "https://x" },
            Env = new Dictionary<string, string> { ["TAP_DB_PASSWORD"] = "pw", ["TAP_DB_HOST"] = "db" },
            Password = "$SMTP_PASSWORD",
            Change = new { Setting = "client_secret", Value = "abc123" },
        })!;

        Assert.DoesNotContain("hunter2", json);
        Assert.DoesNotContain("\"pw\"", json);
        Assert.DoesNotContain("abc123", json);
        Assert.Contains("\"password\":\"$SMTP_PASSWORD\"", json);
        Assert.Contains("\"TAP_DB_HOST\":\"db\"", json);
        Assert.Contains("https://x", json);
    }
}
