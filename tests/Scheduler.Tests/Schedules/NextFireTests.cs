using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Tests.Schedules;

/// <summary>Next fire times for every interval form Meltano accepts, including across DST changes.</summary>
public sealed class NextFireTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Fires(string interval, string after, int count, string? zone = null, string? startDate = null)
    {
        var parsed = IntervalParser.Parse("s", interval);
        var tz = ScheduleTimeZones.Resolve("s", zone);
        DateTimeOffset? start = startDate is null ? null : At(startDate);
        return FireTimes.Upcoming(parsed, tz, At(after), count, start).Select(t => t.ToString("yyyy-MM-ddTHH:mm:ssZ")).ToArray();
    }

    [Theory]
    [InlineData("@hourly", "2026-11-24T22:37:00Z", "2026-11-24T23:00:00Z", "2026-11-25T00:00:00Z")]
    [InlineData("@daily", "2026-11-24T22:37:00Z", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z")]
    [InlineData("@midnight", "2026-11-24T22:37:00Z", "2026-11-25T00:00:00Z", "2026-11-26T00:00:00Z")]
    [InlineData("@weekly", "2026-11-24T22:37:00Z", "2026-11-29T00:00:00Z", "2026-12-06T00:00:00Z")]
    [InlineData("@monthly", "2026-11-24T22:37:00Z", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@yearly", "2026-11-24T22:37:00Z", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("@annually", "2026-11-24T22:37:00Z", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-24T22:37:00Z", "2026-11-24T22:45:00Z", "2026-11-24T23:00:00Z")]
    [InlineData("5 4 * * *", "2026-11-24T22:37:00Z", "2026-11-25T04:05:00Z", "2026-11-26T04:05:00Z")]
    [InlineData("0 9 * * 1-5", "2026-11-27T10:00:00Z", "2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z")]
    [InlineData("0 9 * * MON,WED", "2026-11-24T10:00:00Z", "2026-11-25T09:00:00Z", "2026-11-30T09:00:00Z")]
    [InlineData("0 9 * * 7", "2026-11-24T10:00:00Z", "2026-11-29T09:00:00Z", "2026-12-06T09:00:00Z")]
    [InlineData("0 9 * * 0", "2026-11-24T10:00:00Z", "2026-11-29T09:00:00Z", "2026-12-06T09:00:00Z")]
    [InlineData("0 9 * * 6-7", "2026-11-24T10:00:00Z", "2026-11-28T09:00:00Z", "2026-11-29T09:00:00Z")]
    [InlineData("0 9 * * */3", "2026-11-24T10:00:00Z", "2026-11-25T09:00:00Z", "2026-11-28T09:00:00Z")]
    [InlineData("0 9 * * SUN#2", "2026-11-24T10:00:00Z", "2026-12-13T09:00:00Z", "2027-01-10T09:00:00Z")]
    [InlineData("0 0 L * *", "2026-11-24T10:00:00Z", "2026-11-30T00:00:00Z", "2026-12-31T00:00:00Z")]
    [InlineData("0 0 1,15 JAN-MAR *", "2026-11-24T10:00:00Z", "2027-01-01T00:00:00Z", "2027-01-15T00:00:00Z")]
    [InlineData("*/10 * * * * *", "2026-11-24T22:37:00Z", "2026-11-24T22:37:10Z", "2026-11-24T22:37:20Z")]
    [InlineData("30 0 12 * * *", "2026-11-24T22:37:00Z", "2026-11-25T12:00:30Z", "2026-11-26T12:00:30Z")]
    public void Cron_and_presets_fire_at_the_classic_cron_times_in_utc(string interval, string after, string first, string second)
    {
        Assert.Equal([first, second], Fires(interval, after, 2));
    }

    [Fact]
    public void Restricted_day_of_month_and_day_of_week_fire_when_either_matches()
    {
        // Classic cron ORs the day fields: every Friday, and the 13th whatever its weekday.
        Assert.Equal(
            ["2026-12-04T00:00:00Z", "2026-12-11T00:00:00Z", "2026-12-13T00:00:00Z", "2026-12-18T00:00:00Z"],
            Fires("0 0 13 * 5", "2026-12-01T00:00:00Z", 4));
    }

    [Fact]
    public void Once_fires_at_start_date_or_right_away_and_then_never()
    {
        var once = IntervalParser.Parse("s", "@once");
        var now = At("2026-11-24T22:00:00Z");
        Assert.Equal(now, FireTimes.Next(once, TimeZoneInfo.Utc, now));
        Assert.Equal(At("2026-12-01T06:00:00Z"), FireTimes.Next(once, TimeZoneInfo.Utc, now, At("2026-12-01T06:00:00Z")));
        Assert.Null(FireTimes.Next(once, TimeZoneInfo.Utc, now, onceDone: true));
    }

    [Theory]
    [InlineData("@manual")]
    [InlineData("@none")]
    public void Manual_intervals_never_fire(string interval)
    {
        Assert.Empty(Fires(interval, "2026-11-24T22:00:00Z", 3));
    }

    [Fact]
    public void Start_date_holds_back_the_first_fire()
    {
        Assert.Equal(["2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z"], Fires("@daily", "2026-11-24T22:00:00Z", 2, startDate: "2027-01-01T00:00:00Z"));
    }

    [Fact]
    public void Daily_in_berlin_keeps_local_time_across_both_dst_changes()
    {
        // 2026-03-29: 02:00 CET -> 03:00 CEST; 2026-10-25: 03:00 CEST -> 02:00 CET.
        Assert.Equal(["2026-03-28T02:00:00Z", "2026-03-29T01:00:00Z", "2026-03-30T01:00:00Z"],
            Fires("0 3 * * *", "2026-03-27T12:00:00Z", 3, "Europe/Berlin"));
        Assert.Equal(["2026-10-24T01:00:00Z", "2026-10-25T02:00:00Z", "2026-10-26T02:00:00Z"],
            Fires("0 3 * * *", "2026-10-23T12:00:00Z", 3, "Europe/Berlin"));
    }

    [Fact]
    public void A_local_time_skipped_by_spring_forward_fires_at_the_first_valid_instant()
    {
        // 02:30 does not exist in Berlin on 2026-03-29; the fire moves to 03:00 CEST, once.
        Assert.Equal(["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"],
            Fires("30 2 * * *", "2026-03-27T12:00:00Z", 3, "Europe/Berlin"));
    }

    [Fact]
    public void A_local_time_repeated_by_fall_back_fires_once()
    {
        // 01:30 happens twice in New York on 2026-11-01; one fire, at the first one.
        Assert.Equal(["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"],
            Fires("30 1 * * *", "2026-10-30T12:00:00Z", 3, "America/New_York"));
    }

    [Fact]
    public void Hourly_in_berlin_fires_every_real_hour_through_fall_back()
    {
        Assert.Equal(["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"],
            Fires("@hourly", "2026-10-24T23:30:00Z", 3, "Europe/Berlin"));
    }

    [Fact]
    public void Weekdays_in_new_york_follow_the_local_clock_across_spring_forward()
    {
        // 2026-03-08: EST (-5) -> EDT (-4). Friday 6th, Monday 9th.
        Assert.Equal(["2026-03-06T14:00:00Z", "2026-03-09T13:00:00Z"],
            Fires("0 9 * * 1-5", "2026-03-06T00:00:00Z", 2, "America/New_York"));
    }

    [Fact]
    public void Weekly_in_new_york_crosses_fall_back()
    {
        // Midnight of 2026-11-01 is still EDT (the clock falls back at 02:00); a week later it is EST.
        Assert.Equal(["2026-10-25T04:00:00Z", "2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z"],
            Fires("@weekly", "2026-10-20T00:00:00Z", 3, "America/New_York"));
    }

    [Fact]
    public void Monthly_and_yearly_in_berlin_land_on_local_midnight()
    {
        Assert.Equal(["2026-11-30T23:00:00Z", "2026-12-31T23:00:00Z"], Fires("@monthly", "2026-11-24T00:00:00Z", 2, "Europe/Berlin"));
        Assert.Equal(["2026-12-31T23:00:00Z"], Fires("@yearly", "2026-11-24T00:00:00Z", 1, "Europe/Berlin"));
    }

    [Fact]
    public void Every_second_with_six_fields_in_a_zone_crosses_spring_forward_without_gaps()
    {
        var fires = Fires("* * * * * *", "2026-03-29T00:59:58Z", 4, "Europe/Berlin");
        Assert.Equal(["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T01:00:01Z", "2026-03-29T01:00:02Z"], fires);
    }
}
