using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary><c>tapline schedule list [--format json]</c> (with each schedule's next run), <c>add</c>, <c>set</c>, <c>remove</c>, <c>run</c>.</summary>
public static class ScheduleCommand
{
    public static Command Create()
    {
        var command = new Command("schedule", "Manage pipeline schedules");
        command.Add(CreateList());
        command.Add(ScheduleAddCommand.Create());
        command.Add(ScheduleSetCommand.Create());
        command.Add(ScheduleRemoveCommand.Create());
        command.Add(ScheduleRunCommand.Create());
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
            var context = CliGlobals.OpenProject(parse);
            var project = context.Project;
            var compiled = ProjectScheduleSpecs.Compile(project, context.Environment?.Name);
            string? NextRun(string name) => compiled.Find(name)?.NextFire(DateTimeOffset.UtcNow)?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            string NextRunText(string name) => compiled.Find(name) is { } c
                ? " -- " + ScheduleFields.NextRunText(c)
                : " -- invalid: " + string.Join("; ", compiled.Problems.Where(p => p.Schedule == name).Select(p => p.Message));
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
                        ["cron_interval"] = IntervalParser.CronOf(s.Interval),
                        ["enabled"] = s.Enabled,
                        ["next_run"] = NextRun(s.Name),
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
                    ? $"[{s.Interval}] job {s.Name}: {s.Job} --> {string.Join(", ", project.FindJob(s.Job!)?.Tasks.Select(t => $"'{t}'") ?? [])}{paused}{NextRunText(s.Name)}"
                    : $"[{s.Interval}] elt {s.Name}: {s.Extractor} {s.Loader} --transform={s.Transform ?? "skip"}{paused}{NextRunText(s.Name)}");
            }
            return CliExit.Ok;
        });
        return list;
    }
}
