using System.CommandLine;
using Tapline.Core.Audit;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline schedule set NAME [--interval X] [--extractor E] [--loader L] [--job J] [--enabled true|false] ...</c>:
/// changes the given fields of a schedule and keeps the rest (and any keys Tapline does not model).
/// </summary>
public static class ScheduleSetCommand
{
    public static Command Create()
    {
        var fields = new ScheduleFields();
        var enabled = new Option<bool?>("--enabled") { Description = "true or false: pause or resume the schedule" };
        var command = new Command("set", "Change a schedule in meltano.yml");
        fields.AddTo(command);
        command.Add(enabled);
        CliAction.Set(command, async (parse, ct) =>
        {
            var name = parse.GetValue(fields.Name)!;
            var context = CliGlobals.OpenProject(parse);
            var current = context.Project.FindSchedule(name)
                ?? throw new ProjectException($"schedule '{name}' does not exist (schedules: {string.Join(", ", context.Project.Schedules.Select(s => s.Name))})");

            var job = parse.GetValue(fields.Job);
            var extractor = parse.GetValue(fields.Extractor);
            var loader = parse.GetValue(fields.Loader);
            if (job is not null && (extractor is not null || loader is not null))
            {
                throw new UsageException("use either --job, or --extractor and --loader");
            }
            var toJob = job is not null;
            var toElt = extractor is not null || loader is not null;
            var updated = new ScheduleDefinition
            {
                Name = name,
                Extractor = toJob ? null : extractor ?? current.Extractor,
                Loader = toJob ? null : loader ?? current.Loader,
                Transform = toJob ? null : parse.GetValue(fields.Transform) ?? current.Transform,
                Job = toElt ? null : job ?? current.Job,
                Interval = parse.GetValue(fields.Interval) ?? current.Interval,
                StartDate = parse.GetValue(fields.StartDate) ?? current.StartDate,
                Enabled = parse.GetValue(enabled) ?? current.Enabled,
                Env = current.Env,
                Extras = current.Extras,
            };
            var exit = await ScheduleFields.SaveAsync(context, updated, fields.GivenPolicies(parse), doc => doc.UpdateSchedule(name, updated),
                compiled => $"Updated schedule '{name}' ({compiled.Interval})", ct);
            if (exit == CliExit.Ok)
            {
                await CliAudit.WriteAsync(parse, "schedule.set", name, AuditRedaction.ToNode(updated, AuditJsonContext.Default.ScheduleDefinition), ct);
            }
            return exit;
        });
        return command;
    }
}
