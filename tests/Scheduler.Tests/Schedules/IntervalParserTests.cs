using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Tests.Schedules;

public sealed class IntervalParserTests
{
    [Theory]
    [InlineData("@daily", "0 0 0 * * ?")]
    [InlineData("@weekly", "0 0 0 ? * 1")]
    [InlineData("0 9 * * 1-5", "0 0 9 ? * 2-6")]
    [InlineData("0 9 * * 5-7", "0 0 9 ? * 1,6-7")]
    [InlineData("0 9 * * 0,7", "0 0 9 ? * 1")]
    [InlineData("0 9 * * sat,sun", "0 0 9 ? * 1,7")]
    [InlineData("0 9 * * FRI#3", "0 0 9 ? * 6#3")]
    [InlineData("0 9 1-7 * *", "0 0 9 1-7 * ?")]
    [InlineData("0 9 */2 * *", "0 0 9 */2 * ?")]
    [InlineData("*/5 * * * * *", "*/5 * * * * ?")]
    [InlineData("0 0 1 JAN *", "0 0 0 1 JAN ?")]
    public void Classic_cron_becomes_the_equivalent_quartz_cron(string interval, string quartz)
    {
        Assert.Equal([quartz], IntervalParser.Parse("s", interval).QuartzCron);
    }

    [Fact]
    public void Both_day_fields_restricted_become_two_quartz_expressions()
    {
        Assert.Equal(["0 0 0 13 * ?", "0 0 0 ? * 6"], IntervalParser.Parse("s", "0 0 13 * 5").QuartzCron);
    }

    [Theory]
    [InlineData("61 * * * *", "minute \"61\": 61 is out of range 0-59")]
    [InlineData("0 24 * * *", "hour \"24\": 24 is out of range 0-23")]
    [InlineData("0 0 0 * *", "day-of-month \"0\": 0 is out of range 1-31")]
    [InlineData("0 0 * 13 *", "month \"13\": 13 is out of range 1-12")]
    [InlineData("0 0 * * 8", "day-of-week \"8\": 8 is out of range 0-7")]
    [InlineData("0 0 * * FUN", "day-of-week \"FUN\": \"FUN\" is not a number or a name like SUN")]
    [InlineData("*/0 * * * *", "step \"0\" must be a whole number of at least 1")]
    [InlineData("0 */24 * * *", "hour \"*/24\": step 24 is larger than the field's largest value, 23")]
    [InlineData("5-1 * * * *", "range 5-1 runs backwards")]
    [InlineData("* * * *", "this one has 4")]
    [InlineData("@sometimes", "\"@sometimes\" is not a known preset")]
    [InlineData("", "is missing")]
    public void Bad_intervals_are_refused_naming_schedule_field_and_reason(string interval, string reason)
    {
        var e = Assert.Throws<ScheduleException>(() => IntervalParser.Parse("nightly", interval));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("nightly", problem.Schedule);
        Assert.Equal("interval", problem.Field);
        Assert.Contains(reason, problem.Message);
        Assert.StartsWith("schedule 'nightly', field 'interval': ", problem.ToString());
    }

    [Theory]
    [InlineData("@daily", null, "every day at 00:00 UTC")]
    [InlineData("@daily", "Europe/Berlin", "every day at 00:00 Europe/Berlin")]
    [InlineData("@hourly", null, "every hour at minute 0")]
    [InlineData("@weekly", null, "every Sunday at 00:00 UTC")]
    [InlineData("@monthly", null, "on day 1 of every month at 00:00 UTC")]
    [InlineData("@yearly", null, "every year on 1 January at 00:00 UTC")]
    [InlineData("30 9 * * 1-5", null, "every weekday (Monday to Friday) at 09:30 UTC")]
    [InlineData("*/15 * * * *", null, "every 15 minutes")]
    [InlineData("* * * * *", null, "every minute")]
    [InlineData("* * * * * *", null, "every second")]
    [InlineData("*/10 * * * * *", null, "every 10 seconds")]
    [InlineData("@once", null, "once")]
    [InlineData("@manual", null, "never on its own (manual)")]
    [InlineData("0 0 13 * 5", null, "cron \"0 0 13 * 5\" (UTC)")]
    public void Intervals_read_as_words(string interval, string? zone, string words)
    {
        Assert.Equal(words, IntervalDescriber.Describe(IntervalParser.Parse("s", interval), ScheduleTimeZones.Resolve("s", zone)));
    }
}
