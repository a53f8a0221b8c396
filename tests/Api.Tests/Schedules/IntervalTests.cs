using Tapline.Api.Schedules;

namespace Tapline.Api.Tests.Schedules;

public sealed class IntervalTests
{
    private static readonly DateTime Now = new(2026, 11, 24, 22, 37, 41, DateTimeKind.Utc); // a Tuesday

    [Theory]
    [InlineData("@hourly", "0 * * * *", "every hour, on the hour", "2026-11-24T23:00:00")]
    [InlineData("@daily", "0 0 * * *", "every day at 00:00 UTC", "2026-11-25T00:00:00")]
    [InlineData("@weekly", "0 0 * * 0", "every Sunday at 00:00 UTC", "2026-11-29T00:00:00")]
    [InlineData("@monthly", "0 0 1 * *", "on day 1 of every month at 00:00 UTC", "2026-12-01T00:00:00")]
    [InlineData("@yearly", "0 0 1 1 *", "every year on January 1 at 00:00 UTC", "2027-01-01T00:00:00")]
    [InlineData("30 6 * * 1-5", "30 6 * * 1-5", "every weekday (Monday to Friday) at 06:30 UTC", "2026-11-25T06:30:00")]
    [InlineData("*/15 * * * *", "*/15 * * * *", "every 15 minutes", "2026-11-24T22:45:00")]
    [InlineData("5 4 * * sun", "5 4 * * sun", "cron '5 4 * * sun' (UTC)", "2026-11-29T04:05:00")]
    [InlineData("0 12 * jan,jul 7", "0 12 * jan,jul 7", "cron '0 12 * jan,jul 7' (UTC)", "2027-01-03T12:00:00")]
    public void Presets_and_cron_give_words_and_the_next_fire(string text, string cron, string words, string next)
    {
        var interval = Interval.Parse(text);

        Assert.Equal(cron, interval.Cron!.Text);
        Assert.Equal(words, interval.Words);
        Assert.Equal(DateTime.Parse(next + "Z").ToUniversalTime(), interval.NextFireAfter(Now));
    }

    [Theory]
    [InlineData("@once")]
    [InlineData("@manual")]
    [InlineData("@none")]
    public void Manual_intervals_never_fire_on_their_own(string text)
    {
        var interval = Interval.Parse(text);

        Assert.Null(interval.Cron);
        Assert.Null(interval.NextFireAfter(Now));
    }

    [Fact]
    public void Day_of_month_and_day_of_week_both_restricted_match_either()
    {
        // The 13th, or any Friday: from Tue 24 Nov the next is Fri 27 Nov.
        Assert.Equal(new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), Cron.Parse("0 0 13 * 5").NextAfter(Now));
    }

    [Fact]
    public void An_impossible_date_has_no_next_fire() => Assert.Null(Cron.Parse("0 0 30 2 *").NextAfter(Now));

    [Theory]
    [InlineData("@fortnightly", "not a known interval")]
    [InlineData("0 0 * *", "5 fields")]
    [InlineData("61 * * * *", "minute")]
    [InlineData("0 25 * * *", "hour")]
    [InlineData("0 0 * foo *", "month")]
    [InlineData("0 0 * * 1-", "day of week")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("", "empty")]
    public void Bad_intervals_say_what_is_wrong(string text, string hint)
    {
        var error = Assert.Throws<FormatException>(() => Interval.Parse(text));

        Assert.Contains(hint, error.Message);
    }
}
