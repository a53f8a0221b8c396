using System.CommandLine;
using Tapline.Core.Audit;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline schedule add NAME --extractor E --loader L --interval X</c> or <c>--job J --interval X</c>,
/// as Meltano's; refused when project_readonly is on, and checked as the Scheduler will before writing.
/// </summary>
public static class ScheduleAddCommand
{
    public static Command Create()
    {
        var fields = new ScheduleFields();
        var command = new Command("add", "Add a schedule to meltano.yml");
        fields.AddTo(command);
        CliAction.Set(command, async (parse, ct) =>
        {
            var name = parse.GetValue(fields.Name)!;
            var job = parse.GetValue(fields.Job);
            var extractor = parse.GetValue(fields.Extractor);
            var loader = parse.GetValue(fields.Loader);
            if (job is not null && (extractor is not null || loader is not null))
            {
                throw new UsageException("use either --job, or --extractor and --loader");
            }
            if (job is null && (extractor is null || loader is null))
            {
                throw new UsageException("an elt-style schedule needs --extractor and --loader (or use --job)");
            }
            if (parse.GetValue(fields.Interval) is null)
            {
                throw new UsageException("--interval is required");
            }

            var context = CliGlobals.OpenProject(parse);
            var definition = new ScheduleDefinition
            {
                Name = name,
                Extractor = extractor,
                Loader = loader,
                Transform = parse.GetValue(fields.Transform),
                Job = job,
                Interval = parse.GetValue(fields.Interval),
                StartDate = parse.GetValue(fields.StartDate),
            };
            var exit = await ScheduleFields.SaveAsync(context, definition, fields.GivenPolicies(parse), doc => doc.AddSchedule(definition),
                compiled => $"Scheduled {(job is null ? "elt" : "job")} '{name}' at {compiled.Interval}", ct);
            if (exit == CliExit.Ok)
            {
                await CliAudit.WriteAsync(parse, "schedule.add", name, AuditRedaction.ToNode(definition, AuditJsonContext.Default.ScheduleDefinition), ct);
            }
            return exit;
        });
        return command;
    }
}
