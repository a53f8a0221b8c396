using System.CommandLine;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline schedule remove NAME</c>: deletes the schedule from meltano.yml (refused when project_readonly is on).</summary>
public static class ScheduleRemoveCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "Schedule name" };
        var command = new Command("remove", "Remove a schedule from meltano.yml") { name };
        CliAction.Set(command, async (parse, ct) =>
        {
            var schedule = parse.GetValue(name)!;
            var context = CliGlobals.OpenProject(parse);
            var removed = false;
            await ProjectFile.EditAsync(context.Root, doc => removed = doc.RemoveSchedule(schedule), cancellationToken: ct);
            if (!removed)
            {
                await Console.Error.WriteLineAsync($"error: schedule '{schedule}' does not exist");
                return CliExit.Error;
            }
            Console.WriteLine($"Removed schedule '{schedule}'");
            return CliExit.Ok;
        });
        return command;
    }
}
