using System.CommandLine;
using Tapline.Core.Data.Runs;
using Tapline.Core.Project;
using Tapline.Core.Schedules;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline schedule run NAME</c>: queues a run of the schedule now, in the system database, for a
/// Runner (<c>tapline worker</c>) to execute — the same row a fire makes, with trigger <c>cli</c>.
/// </summary>
public static class ScheduleRunCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Schedule name" };
        var command = new Command("run", "Queue a run of a schedule now") { name };
        CliAction.Set(command, async (parse, ct) =>
        {
            var scheduleName = parse.GetValue(name)!;
            var context = CliGlobals.OpenProject(parse);
            var definition = context.Project.FindSchedule(scheduleName)
                ?? throw new ProjectException($"schedule '{scheduleName}' does not exist (schedules: {string.Join(", ", context.Project.Schedules.Select(s => s.Name))})");
            CompiledSchedule schedule;
            try
            {
                schedule = ScheduleCompiler.CompileOne(definition, ProjectScheduleSpecs.Context(context.Project, context.Environment?.Name));
            }
            catch (ScheduleException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return CliExit.Error;
            }

            var contexts = await CliDatabase.OpenAsync(context, ct);
            var result = await new RunQueue(contexts).EnqueueAsync(
                RunRequests.ForSchedule(schedule, RunTrigger.Cli, environment: context.Environment?.Name, requestedBy: System.Environment.UserName), ct);
            Console.WriteLine($"Run {result.Run.Id} ({result.Run.RunId}) of schedule '{scheduleName}' queued for state {schedule.StateId}; a Runner (tapline worker) executes it.");
            return CliExit.Ok;
        });
        return command;
    }
}
