using Quartz;
using Tapline.Core.Schedules;

namespace Tapline.Scheduler.Tests.Schedules;

/// <summary>
/// The project loader validates cron with Tapline's own parser (<see cref="IntervalParser"/>), so that a CLI verb never
/// loads Quartz; the Scheduler then hands the translation to Quartz. The two must agree: every expression the parser
/// accepts, Quartz accepts, over a corpus of every token kind in every field.
/// </summary>
public sealed class CronAgreementTests
{
    private static readonly string[] Tokens =
    [
        "*", "*/1", "*/2", "*/7", "*/12", "*/13", "*/23", "*/24", "*/25", "*/31", "*/32", "*/59", "*/60", "*/61", "*/100",
        "0", "1", "5", "7", "12", "13", "23", "24", "31", "32", "59", "60",
        "1-5", "0-6", "1-7", "5/15", "5/90", "1-10/3", "0-59/30", "1,2,3", "1-3,7", "7,0", "3/4", "20-30/50",
        "JAN", "JAN-MAR", "dec", "MON-FRI", "SUN", "sat,sun", "FRI#3", "1#5", "L",
    ];

    public static TheoryData<int> Fields() => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_expression_the_parser_accepts_is_one_Quartz_accepts(int field)
    {
        var disagreements = new List<string>();
        foreach (var token in Tokens)
        {
            // field 5 is the seconds field of a 6-field expression; 0-4 the classic five.
            var parts = new[] { "0", "9", "*", "*", "*" };
            string cron;
            if (field == 5)
            {
                cron = $"{token} {string.Join(' ', parts)}";
            }
            else
            {
                parts[field] = token;
                cron = string.Join(' ', parts);
            }
            if (!IntervalParser.TryParse("s", cron, out var interval, out _))
            {
                continue;
            }
            foreach (var quartz in interval.QuartzCron)
            {
                if (!CronExpression.TryParse(quartz, out _))
                {
                    disagreements.Add($"{cron} -> {quartz}");
                }
            }
        }
        Assert.Empty(disagreements);
    }

    [Fact]
    public void Every_pair_of_day_fields_the_parser_accepts_is_one_Quartz_accepts()
    {
        var disagreements = new List<string>();
        foreach (var dom in Tokens)
        {
            foreach (var dow in Tokens)
            {
                var cron = $"0 9 {dom} * {dow}";
                if (IntervalParser.TryParse("s", cron, out var interval, out _))
                {
                    disagreements.AddRange(interval.QuartzCron.Where(q => !CronExpression.TryParse(q, out _)).Select(q => $"{cron} -> {q}"));
                }
            }
        }
        Assert.Empty(disagreements);
    }
}
