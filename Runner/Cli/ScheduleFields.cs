using System.CommandLine;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Runner.Cli;

/// <summary>
/// The options <c>schedule add</c> and <c>schedule set</c> share (Meltano's, plus Tapline's policy keys),
/// and how they become a schedule in meltano.yml.
/// </summary>
internal sealed class ScheduleFields
{
    public readonly Argument<string> Name = new("NAME") { Description = "Schedule name" };
    public readonly Option<string?> Extractor = new("--extractor") { Description = "Extractor of an elt-style schedule" };
    public readonly Option<string?> Loader = new("--loader") { Description = "Loader of an elt-style schedule" };
    public readonly Option<string?> Transform = new("--transform") { Description = "run, skip or only (elt-style)" };
    public readonly Option<string?> Job = new("--job") { Description = "Job of a job-style schedule" };
    public readonly Option<string?> Interval = new("--interval") { Description = "@hourly, @daily, @weekly, @monthly, @yearly, @once, @manual or a cron expression" };
    public readonly Option<string?> StartDate = new("--start-date") { Description = "No run before this date/time (UTC unless it says otherwise)" };
    public readonly Option<string?> TimeZone = new("--timezone") { Description = "IANA time zone the cron is read in (default UTC)" };
    public readonly Option<string?> Misfire = new("--misfire") { Description = "Missed fires while no Scheduler ran: skip (default) or run_once" };
    public readonly Option<string?> Overlap = new("--overlap") { Description = "While a run of the same state is queued or running: skip (default) or queue" };
    public readonly Option<string?> Retries = new("--retries") { Description = "Retries of a failed run, with capped exponential backoff (default 0)" };
    public readonly Option<string?> Timeout = new("--timeout") { Description = "Cancel a run after this long: 3600, 90s, 30m, 2h, 1h30m" };
    public readonly Option<string?> StallTimeout = new("--stall-timeout") { Description = "End a run stalled when its extractor prints no Singer message this long (default: runner.stall_timeout)" };

    /// <summary>Tapline's keys, written under the schedule's annotations (Meltano keeps and ignores them).</summary>
    public IEnumerable<(string Key, Option<string?> Option)> PolicyKeys =>
        [("timezone", TimeZone), ("misfire", Misfire), ("overlap", Overlap), ("retries", Retries), ("timeout", Timeout), ("stall_timeout", StallTimeout)];

    public void AddTo(Command command)
    {
        command.Add(Name);
        foreach (var option in new[] { Extractor, Loader, Transform, Job, Interval, StartDate, TimeZone, Misfire, Overlap, Retries, Timeout, StallTimeout })
        {
            command.Add(option);
        }
    }

    /// <summary>The policy keys given on the command line, as text.</summary>
    public Dictionary<string, string> GivenPolicies(ParseResult parse) =>
        PolicyKeys.Where(p => parse.GetValue(p.Option) is not null).ToDictionary(p => p.Key, p => parse.GetValue(p.Option)!);

    /// <summary>Checks the schedule as the Scheduler will, so a bad one is refused before meltano.yml is touched.</summary>
    public static CompiledSchedule Check(ProjectContext context, ScheduleDefinition definition, IReadOnlyDictionary<string, string> policies)
    {
        var extras = definition.Extras.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (key, value) in policies)
        {
            extras[key] = value;
        }
        return ScheduleCompiler.CompileOne(definition with { Extras = extras }, ProjectScheduleSpecs.Context(context.Project, context.Environment?.Name));
    }

    /// <summary>
    /// The end of <c>schedule add</c> and <c>schedule set</c>: check the schedule as the Scheduler will compile it,
    /// write it and its policies to meltano.yml through the one writer, and say when it runs next.
    /// </summary>
    public static async Task<int> SaveAsync(ProjectContext context, ScheduleDefinition definition, IReadOnlyDictionary<string, string> policies,
        Action<ProjectDocument> write, Func<CompiledSchedule, string> done, CancellationToken ct)
    {
        CompiledSchedule compiled;
        try
        {
            compiled = Check(context, definition, policies);
        }
        catch (ScheduleException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return CliExit.Error;
        }

        await ProjectFile.EditAsync(context.Root, doc =>
        {
            write(doc);
            WritePolicies(doc, definition.Name, policies);
        }, cancellationToken: ct);
        Console.WriteLine($"{done(compiled)}: {NextRunText(compiled)}");
        return CliExit.Ok;
    }

    /// <summary>Writes Tapline's policy keys under the schedule's <c>annotations: {tapline: ...}</c>.</summary>
    public static void WritePolicies(ProjectDocument document, string schedule, IReadOnlyDictionary<string, string> policies)
    {
        foreach (var (key, value) in policies)
        {
            document.SetSchedulePolicy(schedule, key, value);
        }
    }

    /// <summary>"next run 2026-11-25T00:00:00Z (every day at 00:00 UTC)" or why it has none.</summary>
    public static string NextRunText(CompiledSchedule schedule)
    {
        if (!schedule.Enabled)
        {
            return "disabled";
        }
        return schedule.NextFire(DateTimeOffset.UtcNow) is { } next
            ? $"next run {next:yyyy-MM-dd'T'HH:mm:ss'Z'} ({schedule.Description})"
            : $"no next run ({schedule.Description})";
    }
}
