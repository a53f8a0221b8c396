using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Status;
using Tapline.TestSupport;

namespace Tapline.Scheduler.Tests.Status;

/// <summary>The status rows a reload writes (both providers): added, updated in place, removed when the schedule is gone.</summary>
public sealed class ScheduleStatusSyncTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sync_adds_updates_and_removes_rows_and_keeps_the_last_fire(DatabaseProvider provider)
    {
        var factory = await SystemDatabase.MigrateAsync(await EmptyAsync(provider));
        var store = new SystemDbScheduleStatusStore(factory);
        var t0 = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
        var next = t0.AddHours(1);

        await store.SyncAsync([new("daily", next, null), new("broken", null, "meltano.yml:12:5: bad interval"), new("gone", next, null)], t0, default);
        await store.RecordFireAsync("daily", t0, "daily@1", "enqueued", next, t0, default);
        await store.SyncAsync([new("daily", next.AddDays(1), null), new("broken", null, "meltano.yml:12:5: still bad"), new("new", next, null)], t0.AddMinutes(1), default);

        var rows = await store.ListAsync(default);
        Assert.Equal(["broken", "daily", "new"], rows.Select(r => r.Name));
        var daily = rows.Single(r => r.Name == "daily");
        Assert.Equal(next.AddDays(1), daily.NextFireAt);
        Assert.Equal(t0, daily.LastFireAt);
        Assert.Equal("enqueued", daily.LastOutcome);
        Assert.Equal(t0.AddMinutes(1), daily.UpdatedAt);
        Assert.Equal("meltano.yml:12:5: still bad", rows.Single(r => r.Name == "broken").Error);
        Assert.Null(rows.Single(r => r.Name == "broken").NextFireAt);

        // The rows read back through EF (the Api's path) the same.
        await using var context = factory.CreateDbContext();
        var viaEf = await context.ScheduleStatus.AsNoTracking().SingleAsync(r => r.Name == "new");
        Assert.Equal(next.UtcDateTime, viaEf.NextFireAt);
    }

    private static async Task<SystemDatabaseConnection> EmptyAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var pg = await PostgresServer.GetAsync();
            return SystemDatabaseConnection.FromNpgsqlConnectionString(await pg.CreateDatabaseAsync("tapline_schedule_status_sync_"));
        }
        return DatabaseUri.Parse("sqlite:///.meltano/meltano.db", Directory.CreateTempSubdirectory("tapline-status-sync-").FullName);
    }
}
