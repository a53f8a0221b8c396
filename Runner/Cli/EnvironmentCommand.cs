using System.CommandLine;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline environment list|add|remove</c>.</summary>
public static class EnvironmentCommand
{
    public static Command Create()
    {
        var command = new Command("environment", "List, add or remove Meltano environments");

        var list = new Command("list", "List the project's environments");
        CliAction.Set(list, parse =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            foreach (var env in ctx.Project.Environments)
            {
                Console.WriteLine(env.Name == ctx.Environment?.Name ? $"{env.Name} (active)" : env.Name);
            }
            return CliExit.Ok;
        });

        var addName = new Argument<string>("NAME");
        var add = new Command("add", "Add an environment to meltano.yml") { addName };
        CliAction.Set(add, parse =>
        {
            var name = parse.GetValue(addName)!;
            ProjectFile.Edit(CliGlobals.ProjectRoot(parse), doc => doc.AddEnvironment(name));
            Console.WriteLine($"Environment '{name}' added to meltano.yml");
            return CliExit.Ok;
        });

        var removeName = new Argument<string>("NAME");
        var remove = new Command("remove", "Remove an environment from meltano.yml") { removeName };
        CliAction.Set(remove, parse =>
        {
            var name = parse.GetValue(removeName)!;
            var removed = false;
            ProjectFile.Edit(CliGlobals.ProjectRoot(parse), doc => removed = doc.RemoveEnvironment(name));
            if (!removed)
            {
                Console.Error.WriteLine($"error: environment '{name}' does not exist");
                return CliExit.Error;
            }
            Console.WriteLine($"Environment '{name}' removed from meltano.yml");
            return CliExit.Ok;
        });

        command.Add(list);
        command.Add(add);
        command.Add(remove);
        return command;
    }
}
