using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tapline.Core.Audit;
using Tapline.Core.Data.Database;
using Tapline.Core.Project;
using Tapline.Core.Tests.Data;

namespace Tapline.Core.Tests.Audit;

/// <summary>
/// The audit log's writer is plain SQL and its CLI path uses no reflection JSON: the rows are the ones EF reads, and the
/// before/after bytes are the ones the reflection serializer wrote.
/// </summary>
public class AuditSqlTests
{
    // Microseconds: PostgreSQL keeps no finer, through EF or SQL alike.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 2, 1, 2, 3, TimeSpan.Zero).AddTicks(4567890);

    private static ScheduleDefinition Schedule() => new()
    {
        Name = "daily", Interval = "@daily", Extractor = "tap-csv", Loader = "target-jsonl", StartDate = "2026-01-01", Enabled = false,
        Env = new Dictionary<string, string> { ["TAP_CSV_PASSWORD"] = "pw", ["TAP_CSV_HOST"] = "db" },
        Extras = new Dictionary<string, object?>
        {
            ["timezone"] = "Europe/Paris", ["retries"] = 3L, ["ratio"] = 0.5, ["paused"] = true, ["none"] = null,
            ["tags"] = new List<object?> { "a", 1L, false },
            ["nested"] = new Dictionary<string, object?> { ["api_key"] = "k", ["token"] = "$TOKEN", ["n"] = 2L },
        },
        Location = new SourceLocation("meltano.yml", 12, 5),
    };

    // The bytes the reflection serializer (web defaults) wrote for a schedule before the CLI's path went source-generated.
    private const string ScheduleJson =
        """{"name":"daily","interval":"@daily","extractor":"tap-csv","loader":"target-jsonl","transform":null,"job":null,"startDate":"2026-01-01","enabled":false,"env":{"TAP_CSV_PASSWORD":"(redacted)","TAP_CSV_HOST":"db"},"extras":{"timezone":"Europe/Paris","retries":3,"ratio":0.5,"paused":true,"none":null,"tags":["a",1,false],"nested":{"api_key":"(redacted)","token":"$TOKEN","n":2}},"location":{"file":"meltano.yml","line":12,"column":5},"isJobSchedule":false,"file":"meltano.yml","line":12}""";

    [Fact]
    public void A_schedule_serialized_source_generated_is_byte_for_byte_what_reflection_wrote()
    {
        Assert.Equal(ScheduleJson, AuditRedaction.ToJson((object)Schedule()));
        Assert.Equal(ScheduleJson, AuditRedaction.ToJson(AuditRedaction.ToNode(Schedule(), AuditJsonContext.Default.ScheduleDefinition)));
    }

    [Fact]
    public void The_clis_json_objects_are_the_bytes_its_anonymous_objects_were()
    {
        Assert.Equal(AuditRedaction.ToJson((object)new { cleared = 3 }), AuditRedaction.ToJson(new JsonObject { ["cleared"] = 3 }));
        Assert.Equal(AuditRedaction.ToJson((object)new { cleared = true }), AuditRedaction.ToJson(new JsonObject { ["cleared"] = true }));
        Assert.Equal(AuditRedaction.ToJson((object)new { role = "admin" }), AuditRedaction.ToJson(new JsonObject { ["role"] = "admin" }));
        Assert.Equal("""{"store":"dotenv","value":"\u0022x\u0022 \u003C\u00E9\u003E"}""",
            AuditRedaction.ToJson(new JsonObject { ["store"] = "dotenv", ["value"] = "\"x\" <é>" }));
        Assert.Equal(AuditRedaction.ToJson((object)new { store = "dotenv", value = "\"x\" <é>" }),
            AuditRedaction.ToJson(new JsonObject { ["store"] = "dotenv", ["value"] = "\"x\" <é>" }));
        Assert.Null(AuditRedaction.ToNode<ScheduleDefinition?>(null, AuditJsonContext.Default.ScheduleDefinition!));
    }

    [Fact]
    public void A_value_the_source_generated_context_does_not_know_is_kept_as_unreadable()
    {
        var schedule = Schedule() with { Extras = new Dictionary<string, object?> { ["when"] = new TimeOnly(3, 0) } };

        Assert.Equal("""{"unreadable":"ScheduleDefinition"}""", AuditRedaction.ToJson(AuditRedaction.ToNode(schedule, AuditJsonContext.Default.ScheduleDefinition)));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_row_written_with_sql_reads_back_through_ef_with_every_value(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var audit = new AuditLog(factory, new ManualClock(At));
        var longTarget = new string('t', 1500);

        await audit.WriteJsonAsync(new AuditEntry("ada", AuditEntry.FromCli, "schedule.add", AuditEntry.Ok)
        {
            Target = longTarget,
            Before = new JsonObject { ["password"] = "hunter2" },
            After = AuditRedaction.ToNode(Schedule(), AuditJsonContext.Default.ScheduleDefinition),
            SourceIp = "127.0.0.1",
            Request = "tapline schedule add",
        });

        await using var db = factory.CreateDbContext();
        var row = await db.AuditLog.AsNoTracking().SingleAsync();
        Assert.Equal(At.UtcDateTime, row.At);
        Assert.Equal(DateTimeKind.Utc, row.At.Kind);
        Assert.Equal(("ada", "cli", "schedule.add", "ok"), (row.Actor, row.Source, row.Action, row.Outcome));
        Assert.Equal(longTarget[..1024], row.Target);
        Assert.Equal("""{"password":"(redacted)"}""", row.Before);
        Assert.Equal(ScheduleJson, row.After);
        Assert.Equal("127.0.0.1", row.SourceIp);
        Assert.Equal("tapline schedule add", row.Request);
        Assert.True(row.Id > 0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_apis_writer_stores_nulls_and_cut_values_as_ef_reads_them(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var audit = new AuditLog(factory, new ManualClock(At));

        await audit.WriteAsync(new AuditEntry(new string('a', 300), AuditEntry.FromApi, "save_schedule", "failed: " + new string('x', 600))
        {
            After = new { Name = "daily", Secret = "s" },
        });

        var row = Assert.Single(await audit.QueryAsync(new AuditQuery()));
        Assert.Equal(new string('a', 256), row.Actor);
        Assert.Equal(512, row.Outcome.Length);
        Assert.Equal("api", row.Source);
        Assert.Null(row.Target);
        Assert.Null(row.Before);
        Assert.Null(row.SourceIp);
        Assert.Null(row.Request);
        Assert.Equal("""{"name":"daily","secret":"(redacted)"}""", row.After);
        Assert.Equal(At.UtcDateTime, row.At);
    }

    [Fact]
    public async Task The_json_writer_refuses_an_object_it_would_have_to_reflect_on()
    {
        var audit = new AuditLog(await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            audit.WriteJsonAsync(new AuditEntry("ada", AuditEntry.FromCli, "user.add", AuditEntry.Ok) { After = new { role = "admin" } }));

        Assert.Contains("After", refused.Message);
        Assert.Empty(await audit.QueryAsync(new AuditQuery()));
    }
}
