using Tapline.Core.Schedules;
using Tapline.Core.Settings;

namespace Tapline.Core.Tests.Schedules;

/// <summary>One reading of durations for settings (runner.*) and schedule keys (timeout, stall_timeout, freshness).</summary>
public class DurationTextTests
{
    [Theory]
    [InlineData("300", 300)]
    [InlineData("0.5", 0.5)]
    [InlineData("90s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d2h30m", 95400)]
    [InlineData("2D", 172800)]
    [InlineData("01:30:00", 5400)]
    [InlineData("0", 0)]
    public void Settings_and_schedule_keys_read_the_same_durations(string text, double seconds)
    {
        Assert.True(DurationText.TryRead(text, out var read));
        Assert.Equal(TimeSpan.FromSeconds(seconds), read);
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProjectSettings.ParseDuration(text));
        Assert.Equal(seconds > 0, DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("5x")]
    [InlineData("")]
    public void What_is_not_a_duration_is_refused_and_the_setting_named(string text)
    {
        Assert.False(DurationText.TryRead(text, out _));
        var e = Assert.Throws<SettingsException>(() => ProjectSettings.ParseDuration(text, "runner.stall_timeout"));
        Assert.Contains("setting 'runner.stall_timeout'", e.Message, StringComparison.Ordinal);
    }
}
