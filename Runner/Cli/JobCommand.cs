using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Pipelines.Blocks;
using Tapline.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline job list [NAME] [--format json]</c>, <c>job add|set NAME --tasks TASKS</c>, <c>job remove NAME</c>, as Meltano's.</summary>
public static class JobCommand
{
    public static Command Create()
    {
        var command = new Command("job", "Manage jobs (named lists of run tasks)");
        command.Add(CreateList());
        command.Add(CreateAddOrSet("add", "Add a new job with tasks"));
        command.Add(CreateAddOrSet("set", "Update an existing job's tasks"));
        command.Add(CreateRemove());
        return command;
    }

    private static Command CreateList()
    {
        var format = ScheduleCommand.FormatOption();
        var name = new Argument<string?>("JOB_NAME") { Arity = ArgumentArity.ZeroOrOne };
        var list = new Command("list", "List jobs") { name, format };
        CliAction.Set(list, parse =>
        {
            var project = CliGlobals.OpenProject(parse).Project;
            var json = parse.GetValue(format) == "json";
            if (parse.GetValue(name) is { } one)
            {
                if (project.FindJob(one) is not { } job)
                {
                    Console.WriteLine($"Job '{one}' does not exist.");
                    return CliExit.Ok;
                }
                Console.WriteLine(json ? JobJson(job).ToJsonString(CliJson.Indented) : $"{job.Name}: {PythonRepr(job.Tasks)}");
                return CliExit.Ok;
            }
            if (json)
            {
                var jobs = new JsonArray(project.Jobs.Select(j => (JsonNode)JobJson(j)).ToArray());
                Console.WriteLine(new JsonObject { ["jobs"] = jobs }.ToJsonString(CliJson.Indented));
                return CliExit.Ok;
            }
            foreach (var j in project.Jobs)
            {
                Console.WriteLine($"{j.Name}: {PythonRepr(j.Tasks)}");
            }
            return CliExit.Ok;
        });
        return list;
    }

    private static Command CreateAddOrSet(string verb, string description)
    {
        var name = new Argument<string>("JOB_NAME");
        var tasksOption = new Option<string>("--tasks")
        {
            Description = "One task ('tap target dbt:run'), or a YAML list of tasks and of task lists",
            Required = true,
        };
        var command = new Command(verb, description) { name, tasksOption };
        CliAction.Set(command, async (parse, ct) =>
        {
            var job = parse.GetValue(name)!;
            var tasks = ParseTasks(job, parse.GetValue(tasksOption)!);
            var context = CliGlobals.OpenProject(parse);
            // As Meltano: every task must parse as run blocks of this project before the file changes.
            foreach (var task in tasks)
            {
                try
                {
                    BlockParser.Parse(context.Project, [.. task.Steps]);
                }
                catch (ProjectException e)
                {
                    throw new ProjectException($"Job '{job}' has invalid tasks. {e.Message}");
                }
            }
            if (verb == "set" && context.Project.FindJob(job) is null)
            {
                Console.WriteLine($"Job '{job}' does not exist.");
                return CliExit.Ok;
            }
            await ProjectFile.EditAsync(context.Root, doc =>
            {
                if (verb == "set")
                {
                    // In place: the job keeps its position and its other keys.
                    doc.SetJob(job, tasks);
                }
                else if (context.Project.FindJob(job) is not null)
                {
                    throw new ProjectException($"Job '{job}' already exists.");
                }
                else
                {
                    doc.AddJob(job, tasks);
                }
            }, cancellationToken: ct);
            Console.WriteLine($"{(verb == "set" ? "Updated" : "Added")} job {job}: {PythonRepr(tasks)}");
            return CliExit.Ok;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var name = new Argument<string>("JOB_NAME");
        var command = new Command("remove", "Remove a job") { name };
        CliAction.Set(command, async (parse, ct) =>
        {
            var job = parse.GetValue(name)!;
            var context = CliGlobals.OpenProject(parse);
            var removed = false;
            await ProjectFile.EditAsync(context.Root, doc => removed = doc.RemoveJob(job), cancellationToken: ct);
            if (!removed)
            {
                throw new ProjectException($"Job '{job}' does not exist.");
            }
            Console.WriteLine($"Removed job '{job}'.");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Meltano's --tasks: YAML holding one task string, or a list of task strings and task lists.</summary>
    internal static IReadOnlyList<JobTask> ParseTasks(string job, string text)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ProjectException($"Job '{job}' has invalid tasks. Failed to parse yaml: {e.Message}");
        }
        var root = yaml.Documents.FirstOrDefault()?.RootNode;
        string Scalar(YamlNode node) => node is YamlScalarNode { Value: { } v }
            ? v
            : throw new ProjectException($"Job '{job}' has invalid tasks. A task must be a string or a list of strings.");
        return root switch
        {
            YamlScalarNode s => [new JobTask([Scalar(s)], IsList: false)],
            YamlSequenceNode seq => [.. seq.Children.Select(item => item is YamlSequenceNode inner
                ? new JobTask([.. inner.Children.Select(Scalar)], IsList: true)
                : new JobTask([Scalar(item)], IsList: false))],
            _ => throw new ProjectException($"Job '{job}' has invalid tasks. Give a task string or a YAML list of tasks."),
        };
    }

    private static JsonObject JobJson(JobDefinition job) => new() { ["job_name"] = job.Name, ["tasks"] = TasksJson(job) };

    /// <summary>Tasks as Meltano prints them: Python's repr of the list (['a b', ['c', 'd']]).</summary>
    internal static string PythonRepr(IEnumerable<JobTask> tasks) =>
        "[" + string.Join(", ", tasks.Select(t => t.IsList ? "[" + string.Join(", ", t.Parts.Select(p => $"'{p}'")) + "]" : $"'{t}'")) + "]";

    /// <summary>Tasks as written: strings, and lists for nested task lists.</summary>
    public static JsonArray TasksJson(JobDefinition? job) =>
        new((job?.Tasks ?? []).Select(t => t.IsList
            ? (JsonNode)new JsonArray(t.Parts.Select(p => (JsonNode)JsonValue.Create(p)).ToArray())
            : JsonValue.Create(t.ToString())).ToArray());
}
