using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;
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
        CliAction.Set(list, async (parse, ct) =>
        {
            var context = CliGlobals.OpenProject(parse);
            var project = context.Project;
            var compiled = ProjectScheduleSpecs.Compile(project, context.Environment?.Name);
            if (parse.GetValue(format) == "json")
            {
                var lastSuccess = await LastSuccessfulRunsAsync(context, ct);
                var elt = new JsonArray();
                var jobs = new JsonArray();
                foreach (var s in project.Schedules)
                {
                    // Meltano's keys first, in Meltano's order; Tapline's own under annotations.tapline, which
                    // Meltano's consumers ignore (the place meltano.yml reserves for other tools).
                    var tapline = new JsonObject
                    {
                        ["enabled"] = s.Enabled,
                        ["next_run"] = compiled.Find(s.Name)?.NextFire(DateTimeOffset.UtcNow)?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    };
                    var problems = compiled.Problems.Where(p => p.Schedule == s.Name).Select(p => p.Message).ToList();
                    if (problems.Count > 0)
                    {
                        tapline["invalid"] = string.Join("; ", problems);
                    }
                    var env = JsonValues.ToNode(s.Env.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
                    if (s.IsJobSchedule)
                    {
                        jobs.Add((JsonNode)new JsonObject
                        {
                            ["name"] = s.Name,
                            ["interval"] = s.Interval,
                            ["cron_interval"] = IntervalParser.CronOf(s.Interval),
                            ["env"] = env,
                            ["job"] = new JsonObject { ["name"] = s.Job, ["tasks"] = JobCommand.TasksJson(project.FindJob(s.Job!)) },
                            ["annotations"] = new JsonObject { ["tapline"] = tapline },
                        });
                    }
                    else
                    {
                        var transform = s.Transform ?? "skip";
                        elt.Add((JsonNode)new JsonObject
                        {
                            ["name"] = s.Name,
                            ["extractor"] = s.Extractor,
                            ["loader"] = s.Loader,
                            ["transform"] = transform,
                            ["interval"] = s.Interval,
                            ["start_date"] = s.StartDate,
                            ["env"] = env,
                            ["cron_interval"] = IntervalParser.CronOf(s.Interval),
                            ["last_successful_run_ended_at"] = lastSuccess.TryGetValue(s.Name, out var ended)
                                ? ended.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)
                                : null,
                            ["elt_args"] = new JsonArray(s.Extractor, s.Loader, $"--transform={transform}", $"--state-id={s.Name}"),
                            ["annotations"] = new JsonObject { ["tapline"] = tapline },
                        });
                    }
                }
                Console.WriteLine(new JsonObject { ["schedules"] = new JsonObject { ["job"] = jobs, ["elt"] = elt } }.ToJsonString(CliJson.Indented));
                return CliExit.Ok;
            }
            // Meltano's lines; what Tapline adds (disabled, next run) goes on an indented line below, so a reader of
            // Meltano's lines finds them unchanged.
            foreach (var s in project.Schedules)
            {
                Console.WriteLine(s.IsJobSchedule
                    ? $"[{s.Interval}] job {s.Name}: {s.Job} → {JobCommand.PythonRepr(project.FindJob(s.Job!)?.Tasks ?? [])}"
                    : $"[{s.Interval}] elt {s.Name}: {s.Extractor} {TransformMarkers(s.Transform).Before} {s.Loader} {TransformMarkers(s.Transform).After} transforms");
                var next = compiled.Find(s.Name) is { } c
                    ? ScheduleFields.NextRunText(c)
                    : "invalid: " + string.Join("; ", compiled.Problems.Where(p => p.Schedule == s.Name).Select(p => p.Message));
                Console.WriteLine($"    {(s.Enabled ? "" : "(disabled) ")}{next}");
            }
            return CliExit.Ok;
        });
        return list;
    }

    private static (string Before, string After) TransformMarkers(string? transform) => transform switch
    {
        "run" => ("→", "→"),
        "only" => ("×", "→"),
        _ => ("→", "x"),
    };

    /// <summary>
    /// When each schedule's last successful run ended (Meltano: the latest successful run of the state id the
    /// schedule runs under, which is its name); empty without a system database, which listing never creates.
    /// </summary>
    private static async Task<Dictionary<string, DateTime>> LastSuccessfulRunsAsync(ProjectContext context, CancellationToken ct)
    {
        var names = context.Project.Schedules.Where(s => !s.IsJobSchedule).Select(s => s.Name).ToList();
        if (names.Count == 0 || !CliDatabase.Exists(context))
        {
            return [];
        }
        var factory = await CliDatabase.OpenAsync(context, ct);
        var sql = factory.Sql;
        // A run counts for its schedule by schedule_name and, for runs written before that column (or by
        // `meltano elt --state-id NAME`), by state_id; schedule_name wins when it names one of these schedules.
        // On SQLite MAX compares EF's "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, which sorts as the times do: the
        // fraction only drops trailing zeros, and decimal fractions compare digit by digit.
        var list = string.Join(", ", names.Select((_, i) => $"@n{i}"));
        await using var connection = await sql.OpenAsync(ct);
        await using var select = sql.Command(connection, $"""
            SELECT name, MAX(ended_at) FROM (
                SELECT CASE WHEN schedule_name IN ({list}) THEN schedule_name ELSE state_id END AS name, ended_at
                FROM runs
                WHERE status = @success AND ended_at IS NOT NULL AND (schedule_name IN ({list}) OR state_id IN ({list}))
            ) matched
            GROUP BY name
            """, null, [("success", RunStatus.Success), .. names.Select((n, i) => ($"n{i}", (object?)n))]);
        await using var reader = await select.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = SystemDbSql.ReadDateTime(reader, 1);
        }
        return result;
    }
}
