namespace Tapline.Core.Project;

/// <summary>Meltano's schedule intervals: the named ones and their cron equivalents.</summary>
public static class ScheduleIntervals
{
    public static IReadOnlySet<string> Named { get; } = new HashSet<string>
    {
        "@once", "@manual", "@none", "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight",
    };

    /// <summary>The cron expression a named interval stands for; null for @once/@manual/@none (never fires by itself).</summary>
    public static string? ToCron(string? interval) => interval switch
    {
        "@hourly" => "0 * * * *",
        "@daily" or "@midnight" => "0 0 * * *",
        "@weekly" => "0 0 * * 0",
        "@monthly" => "0 0 1 * *",
        "@yearly" or "@annually" => "0 0 1 1 *",
        null or "@once" or "@manual" or "@none" => null,
        var cron => cron,
    };
}
