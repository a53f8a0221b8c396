using System.Globalization;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Project;

namespace Tapline.Core.Schedules;

/// <summary>
/// Checks schedules one by one, collecting every problem of every schedule, so a broken schedule
/// is reported while the others keep running.
/// </summary>
public static class ScheduleCompiler
{
    public static ScheduleSet Compile(IEnumerable<ScheduleDefinition> definitions, ScheduleContext context)
    {
        var valid = new List<CompiledSchedule>();
        var problems = new List<ScheduleProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!seen.Add(definition.Name))
            {
                problems.Add(Problem(definition, "name", "is used by more than one schedule; names must be unique"));
                valid.RemoveAll(v => v.Name == definition.Name);
                continue;
            }

            var own = new List<ScheduleProblem>();
            var compiled = Compile(definition, context, own);
            if (own.Count == 0 && compiled is not null)
            {
                valid.Add(compiled);
            }
            problems.AddRange(own);
        }
        return new ScheduleSet(valid, problems);
    }

    /// <summary>Compiles one schedule; throws <see cref="ScheduleException"/> listing all its problems.</summary>
    public static CompiledSchedule CompileOne(ScheduleDefinition definition, ScheduleContext context)
    {
        var problems = new List<ScheduleProblem>();
        var compiled = Compile(definition, context, problems);
        return problems.Count == 0 && compiled is not null ? compiled : throw new ScheduleException(problems);
    }

    private static CompiledSchedule? Compile(ScheduleDefinition d, ScheduleContext context, List<ScheduleProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            problems.Add(Problem(d, "name", "is missing"));
            return null;
        }

        ScheduleInterval? interval = null;
        if (IntervalParser.TryParse(d.Name, d.Interval, out var parsed, out var intervalProblem))
        {
            interval = parsed;
        }
        else
        {
            problems.Add(Locate(d, intervalProblem));
        }

        if (!ScheduleTimeZones.TryResolve(d.Name, d.Extra("timezone"), out var zone, out var zoneProblem))
        {
            problems.Add(Locate(d, zoneProblem));
        }

        DateTimeOffset? start = null;
        if (!string.IsNullOrWhiteSpace(d.StartDate))
        {
            if (DateTimeOffset.TryParse(d.StartDate, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var s))
            {
                start = s;
            }
            else
            {
                problems.Add(Problem(d, "start_date", $"\"{d.StartDate}\" is not a date/time like 2026-01-31 or 2026-01-31T02:00:00Z"));
            }
        }

        var policies = Policies(d, problems);
        var enabled = true;
        if (d.Extra("enabled") is { } enabledText && !bool.TryParse(enabledText, out enabled))
        {
            problems.Add(Problem(d, "enabled", $"\"{enabledText}\" must be true or false"));
        }

        var (kind, stateId, block) = Pipeline(d, context, problems);
        if (interval is null || problems.Count > 0)
        {
            return null;
        }

        return new CompiledSchedule
        {
            Definition = d,
            Kind = kind,
            Interval = interval,
            TimeZone = zone,
            StartDate = start,
            Policies = policies,
            Enabled = enabled,
            StateId = stateId,
            Block = block,
            Environment = context.Environment,
        };
    }

    private static (ScheduleKind Kind, string StateId, string Block) Pipeline(ScheduleDefinition d, ScheduleContext context, List<ScheduleProblem> problems)
    {
        var hasJob = !string.IsNullOrWhiteSpace(d.Job);
        var hasElt = !string.IsNullOrWhiteSpace(d.Extractor) || !string.IsNullOrWhiteSpace(d.Loader);
        if (hasJob && hasElt)
        {
            problems.Add(Problem(d, "job", "a schedule names either a job or an extractor and a loader, not both"));
            return default;
        }

        if (hasJob)
        {
            if (context.Jobs is null)
            {
                return (ScheduleKind.Job, d.Job!, d.Job!);
            }
            if (!context.Jobs.TryGetValue(d.Job!, out var tasks))
            {
                problems.Add(Problem(d, "job", $"unknown job '{d.Job}'; jobs in this project: {Names(context.Jobs.Keys)}"));
                return default;
            }
            var (stateId, block) = JobRun(tasks, context);
            return (ScheduleKind.Job, stateId, block);
        }

        if (string.IsNullOrWhiteSpace(d.Extractor))
        {
            problems.Add(Problem(d, "extractor", "is missing; a schedule needs extractor + loader, or job"));
        }
        else if (context.Extractors is not null && !context.Extractors.Contains(d.Extractor))
        {
            problems.Add(Problem(d, "extractor", $"unknown extractor '{d.Extractor}'; extractors in this project: {Names(context.Extractors)}"));
        }

        if (string.IsNullOrWhiteSpace(d.Loader))
        {
            problems.Add(Problem(d, "loader", "is missing; a schedule needs extractor + loader, or job"));
        }
        else if (context.Loaders is not null && !context.Loaders.Contains(d.Loader))
        {
            problems.Add(Problem(d, "loader", $"unknown loader '{d.Loader}'; loaders in this project: {Names(context.Loaders)}"));
        }

        if (d.Transform is { } t && t is not ("run" or "skip" or "only"))
        {
            problems.Add(Problem(d, "transform", $"\"{t}\" must be run, skip or only"));
        }

        // Meltano's `elt --state-id=<schedule>`: an elt-style schedule keeps its state under its own name.
        return (ScheduleKind.Elt, d.Name, $"{d.Extractor} {d.Loader}");
    }

    /// <summary>A job's run: the state id of its first extractor-to-loader pair (as <c>meltano run</c> derives it) and its block.</summary>
    /// <exception cref="ScheduleException">The job is not in the project.</exception>
    public static (string StateId, string Block) JobRun(string job, ScheduleContext context)
    {
        if (context.Jobs is null || !context.Jobs.TryGetValue(job, out var tasks))
        {
            throw new ScheduleException(new ScheduleProblem(job, "job", $"unknown job '{job}'; jobs in this project: {Names(context.Jobs?.Keys ?? [])}"));
        }
        return JobRun(tasks, context);
    }

    private static (string StateId, string Block) JobRun(IReadOnlyList<string> tasks, ScheduleContext context)
    {
        var block = string.Join(' ', tasks);
        string? extractor = null;
        (string, string)? pair = null;
        foreach (var token in tasks.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (extractor is null && (context.Extractors?.Contains(token) ?? token.StartsWith("tap-", StringComparison.Ordinal)))
            {
                extractor = token;
            }
            else if (extractor is not null && (context.Loaders?.Contains(token) ?? token.StartsWith("target-", StringComparison.Ordinal)))
            {
                pair = (extractor, token);
                break;
            }
        }
        return (StateIds.ForRun(context.Environment, context.StateIdSuffix, pair, block), block);
    }

    private static SchedulePolicies Policies(ScheduleDefinition d, List<ScheduleProblem> problems)
    {
        var misfire = MisfirePolicy.Skip;
        switch (d.Extra("misfire")?.Trim().ToLowerInvariant())
        {
            case null or "" or "skip":
                break;
            case "run_once":
                misfire = MisfirePolicy.RunOnce;
                break;
            case var other:
                problems.Add(Problem(d, "misfire", $"\"{other}\" must be skip or run_once"));
                break;
        }

        var overlap = OverlapPolicy.Skip;
        switch (d.Extra("overlap")?.Trim().ToLowerInvariant())
        {
            case null or "" or "skip":
                break;
            case "queue":
                overlap = OverlapPolicy.Queue;
                break;
            case var other:
                problems.Add(Problem(d, "overlap", $"\"{other}\" must be skip or queue"));
                break;
        }

        var retries = 0;
        if (d.Extra("retries") is { } r && !string.IsNullOrWhiteSpace(r)
            && (!int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out retries) || retries > SchedulePolicies.MaxRetries))
        {
            problems.Add(Problem(d, "retries", $"\"{r}\" must be a whole number from 0 to {SchedulePolicies.MaxRetries}"));
            retries = 0;
        }

        return new SchedulePolicies(misfire, overlap, retries, Duration(d, "timeout", problems))
        {
            StallTimeout = Duration(d, "stall_timeout", problems),
        };
    }

    private static TimeSpan? Duration(ScheduleDefinition d, string key, List<ScheduleProblem> problems)
    {
        if (d.Extra(key) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DurationText.TryParse(text, out var parsed))
        {
            return parsed;
        }
        problems.Add(Problem(d, key, $"\"{text}\" must be a duration like 3600, 90s, 30m, 2h or 1h30m"));
        return null;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    private static ScheduleProblem Problem(ScheduleDefinition d, string field, string message) =>
        new(d.Name, field, message, d.File, d.Line);

    private static ScheduleProblem Locate(ScheduleDefinition d, ScheduleProblem p) => p with { File = d.File, Line = d.Line };
}
