using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline schedule list [--format json]</c>; add/set/remove arrive with the scheduler.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var command = new Command("schedule", "Manage pipeline schedules");
        command.Add(CreateList());
        return command;
    }

    public static Option<string> FormatOption() => new Option<string>("--format")
    {
        Description = "text or json",
        DefaultValueFactory = _ => "text",
    }.AcceptingOnly("text", "json");

    private static Option<string> AcceptingOnly(this Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    private static Command CreateList()
    {
        var format = FormatOption();
        var list = new Command("list", "List schedules") { format };
        CliAction.Set(list, parse =>
        {
            var project = CliGlobals.OpenProject(parse).Project;
            if (parse.GetValue(format) == "json")
            {
                var elt = new JsonArray();
                var jobs = new JsonArray();
                foreach (var s in project.Schedules)
                {
                    var o = new JsonObject
                    {
                        ["name"] = s.Name,
                        ["interval"] = s.Interval,
                        ["cron_interval"] = ScheduleIntervals.ToCron(s.Interval),
                        ["enabled"] = s.Enabled,
                        ["env"] = JsonValues.ToNode(s.Env.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)),
                    };
                    if (s.IsJobSchedule)
                    {
                        o["job"] = new JsonObject
                        {
                            ["name"] = s.Job,
                            ["tasks"] = JobCommand.TasksJson(project.FindJob(s.Job!)),
                        };
                        jobs.Add(o);
                    }
                    else
                    {
                        o["extractor"] = s.Extractor;
                        o["loader"] = s.Loader;
                        o["transform"] = s.Transform ?? "skip";
                        o["start_date"] = s.StartDate;
                        elt.Add(o);
                    }
                }
                Console.WriteLine(new JsonObject { ["job"] = jobs, ["elt"] = elt }.ToJsonString(CliJson.Indented));
                return CliExit.Ok;
            }
            foreach (var s in project.Schedules)
            {
                var paused = s.Enabled ? "" : " (disabled)";
                Console.WriteLine(s.IsJobSchedule
                    ? $"[{s.Interval}] job {s.Name}: {s.Job} --> {string.Join(", ", project.FindJob(s.Job!)?.Tasks.Select(t => $"'{t}'") ?? [])}{paused}"
                    : $"[{s.Interval}] elt {s.Name}: {s.Extractor} {s.Loader} --transform={s.Transform ?? "skip"}{paused}");
            }
            return CliExit.Ok;
        });
        return list;
    }
}
