using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline job list [--format json]</c>.</summary>
public static class JobCommand
{
    public static Command Create()
    {
        var command = new Command("job", "Manage jobs (named lists of run tasks)");
        var format = ScheduleCommand.FormatOption();
        var list = new Command("list", "List jobs") { format };
        CliAction.Set(list, parse =>
        {
            var project = CliGlobals.OpenProject(parse).Project;
            if (parse.GetValue(format) == "json")
            {
                var jobs = new JsonArray(project.Jobs.Select(j => (JsonNode)new JsonObject
                {
                    ["job_name"] = j.Name,
                    ["tasks"] = TasksJson(j),
                }).ToArray());
                Console.WriteLine(new JsonObject { ["jobs"] = jobs }.ToJsonString(CliJson.Indented));
                return CliExit.Ok;
            }
            foreach (var j in project.Jobs)
            {
                Console.WriteLine($"{j.Name}: [{string.Join(", ", j.Tasks.Select(t => t.IsList ? $"[{string.Join(", ", t.Parts.Select(p => $"'{p}'"))}]" : $"'{t}'"))}]");
            }
            return CliExit.Ok;
        });
        command.Add(list);
        return command;
    }

    /// <summary>Tasks as written: strings, and lists for nested task lists.</summary>
    public static JsonArray TasksJson(JobDefinition? job) =>
        new((job?.Tasks ?? []).Select(t => t.IsList
            ? (JsonNode)new JsonArray(t.Parts.Select(p => (JsonNode)JsonValue.Create(p)).ToArray())
            : JsonValue.Create(t.ToString())).ToArray());
}
