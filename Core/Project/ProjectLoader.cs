using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>Loads meltano.yml and its include_paths into a <see cref="MeltanoProject"/>.</summary>
public static class ProjectLoader
{
    public const string FileName = "meltano.yml";

    private static readonly HashSet<string> Structural =
        ["plugins", "schedules", "jobs", "environments", "env", "include_paths"];

    /// <summary>Loads the project under <paramref name="root"/>; throws <see cref="ProjectException"/> listing every problem.</summary>
    public static MeltanoProject Load(string root)
    {
        var (project, errors) = Analyze(root);
        if (errors.Count > 0 || project is null)
        {
            throw new ProjectException(errors);
        }
        return project;
    }

    /// <summary>Every problem of the project at once (what <c>tapline lint</c> prints); an empty list means valid.</summary>
    public static IReadOnlyList<ProjectError> Lint(string root) => Analyze(root).Errors;

    /// <summary>
    /// Loads and validates. <paramref name="pending"/> maps absolute file paths to text not yet written, so an
    /// edit can be checked before it touches the disk.
    /// </summary>
    public static (MeltanoProject? Project, IReadOnlyList<ProjectError> Errors) Analyze(
        string root, IReadOnlyDictionary<string, string>? pending = null)
    {
        root = Path.GetFullPath(root);
        var errors = new List<ProjectError>();
        var warnings = new List<ProjectError>();
        var mainFile = Path.Combine(root, FileName);
        string Read(string path) =>
            pending is not null && pending.TryGetValue(path, out var text) ? text : System.IO.File.ReadAllText(path);

        if (!System.IO.File.Exists(mainFile) && pending?.ContainsKey(mainFile) != true)
        {
            errors.Add(new ProjectError(mainFile, 0, 0, $"no {FileName} here; run `tapline init` or pass --cwd / MELTANO_PROJECT_ROOT"));
            return (null, errors);
        }
        var mainMap = ProjectYaml.Parse(mainFile, Read(mainFile), errors);
        if (mainMap is null)
        {
            return (null, errors);
        }
        var main = new ProjectReader(mainFile, errors, warnings);
        var plugins = PluginSectionReader.Read(main, ProjectYaml.Get(mainMap, "plugins"));
        var schedules = ScheduleSectionReader.Read(main, ProjectYaml.Get(mainMap, "schedules"));
        var jobs = JobSectionReader.Read(main, ProjectYaml.Get(mainMap, "jobs"));
        var environments = EnvironmentSectionReader.Read(main, ProjectYaml.Get(mainMap, "environments"));
        var includePaths = main.StrList(ProjectYaml.Get(mainMap, "include_paths"), "include_paths");
        var included = new List<string>();

        var includeNode = ProjectYaml.Get(mainMap, "include_paths");
        for (var i = 0; i < includePaths.Count; i++)
        {
            var at = includeNode is YamlSequenceNode seq && i < seq.Children.Count ? seq.Children[i] : includeNode!;
            var matches = IncludeGlob.Expand(root, includePaths[i]).Where(f => f != mainFile).ToList();
            if (matches.Count == 0)
            {
                errors.Add(new ProjectError(mainFile, (int)at.Start.Line, (int)at.Start.Column,
                    $"include_paths: '{includePaths[i]}' matches no file"));
            }
            foreach (var file in matches.Where(f => !included.Contains(f)))
            {
                included.Add(file);
                var map = ProjectYaml.Parse(file, Read(file), errors);
                if (map is null)
                {
                    continue;
                }
                var reader = new ProjectReader(file, errors, warnings);
                foreach (var (key, _, keyNode) in reader.Entries(map))
                {
                    if (key is not ("plugins" or "schedules" or "jobs" or "environments"))
                    {
                        errors.Add(new ProjectError(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column,
                            $"'{key}' is not allowed in an included file (only plugins, schedules, jobs, environments)"));
                    }
                }
                plugins.AddRange(PluginSectionReader.Read(reader, ProjectYaml.Get(map, "plugins")));
                schedules.AddRange(ScheduleSectionReader.Read(reader, ProjectYaml.Get(map, "schedules")));
                jobs.AddRange(JobSectionReader.Read(reader, ProjectYaml.Get(map, "jobs")));
                environments.AddRange(EnvironmentSectionReader.Read(reader, ProjectYaml.Get(map, "environments")));
            }
        }

        var topLevel = new Dictionary<string, object?>(StringComparer.Ordinal);
        var taplineSections = Settings.ProjectSettingDefinitions.All.Select(d => d.Name.Split('.')[0])
            .Where(k => !Settings.ProjectSettings.MeltanoTopLevelKeys.Contains(k)).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value, keyNode) in main.Entries(mainMap))
        {
            if (!Structural.Contains(key))
            {
                topLevel[key] = YamlValues.ToValue(value);
            }
            if (taplineSections.Contains(key))
            {
                warnings.Add(new ProjectError(mainFile, (int)keyNode.Start.Line, (int)keyNode.Start.Column,
                    $"'{key}' is Tapline's and belongs under 'annotations: {{{Settings.ProjectSettings.AnnotationKey}: {{{key}: ...}}}}' (Meltano's schema refuses it here)"));
            }
        }

        var project = new MeltanoProject
        {
            Root = root,
            File = mainFile,
            IncludedFiles = included,
            Version = topLevel.GetValueOrDefault("version"),
            DefaultEnvironment = main.Str(ProjectYaml.Get(mainMap, "default_environment"), "default_environment"),
            ProjectId = main.Str(ProjectYaml.Get(mainMap, "project_id"), "project_id"),
            SendAnonymousUsageStats = main.Bool(ProjectYaml.Get(mainMap, "send_anonymous_usage_stats"), "send_anonymous_usage_stats"),
            StateBackend = topLevel.GetValueOrDefault("state_backend"),
            IncludePaths = includePaths,
            Env = main.EnvMap(ProjectYaml.Get(mainMap, "env"), "env"),
            Environments = environments,
            Plugins = plugins,
            Schedules = schedules,
            Jobs = jobs,
            TopLevel = topLevel,
            Warnings = warnings,
        };
        Validate(project, errors, warnings);
        return (project, errors);
    }

    private static void Validate(MeltanoProject project, List<ProjectError> errors, List<ProjectError> warnings)
    {
        void Add(SourceLocation? at, string message) => errors.Add(ProjectError.At(at, project.File, message));
        void Warn(SourceLocation? at, string message) => warnings.Add(ProjectError.At(at, project.File, message));

        foreach (var dup in project.Plugins.GroupBy(p => (p.Type, p.Name)).Where(g => g.Count() > 1))
        {
            Add(dup.Last().Location, $"plugin '{dup.Key.Name}' is declared more than once under {dup.Key.Type.YamlKey()} (first at {dup.First().Location})");
        }
        ResolveInheritance(project, Add);
        AttachLockFiles(project, errors, Warn);

        foreach (var dup in project.Environments.GroupBy(e => e.Name).Where(g => g.Count() > 1))
        {
            Add(dup.Last().Location, $"environment '{dup.Key}' is declared more than once");
        }
        if (project.DefaultEnvironment is { } def && project.FindEnvironment(def) is null)
        {
            Add(null, $"default_environment '{def}' is not one of the environments ({string.Join(", ", project.Environments.Select(e => e.Name))})");
        }
        foreach (var env in project.Environments)
        {
            // Meltano ignores these (a project often keeps config for a plugin it dropped), so only a warning.
            foreach (var p in env.Plugins.Where(p => project.FindPlugin(p.Name, p.Type) is null))
            {
                Warn(p.Location, $"environment '{env.Name}' configures {p.Type.Singular()} '{p.Name}', which is not a plugin of this project; ignored");
            }
        }

        foreach (var dup in project.Schedules.GroupBy(s => s.Name).Where(g => g.Count() > 1))
        {
            Add(dup.Last().Location, $"schedule '{dup.Key}' is declared more than once");
        }
        foreach (var s in project.Schedules)
        {
            ValidateSchedule(project, s, m => Add(s.Location, $"schedule '{s.Name}': {m}"));
        }

        foreach (var dup in project.Jobs.GroupBy(j => j.Name).Where(g => g.Count() > 1))
        {
            Add(dup.Last().Location, $"job '{dup.Key}' is declared more than once");
        }
        foreach (var job in project.Jobs)
        {
            foreach (var step in job.Tasks.SelectMany(t => t.Steps))
            {
                if (StepProblem(project, step) is { } problem)
                {
                    Add(job.Location, $"job '{job.Name}': {problem}");
                }
            }
        }
    }

    /// <summary>Why a run-block step (plugin, plugin:command or mapping name) does not resolve; null when it does.</summary>
    public static string? StepProblem(MeltanoProject project, string step)
    {
        var name = step.Split(':', 2)[0];
        if (project.FindPlugin(name) is not null || project.FindMapperOfMapping(name) is not null)
        {
            return null;
        }
        return $"'{step}' names no plugin or mapping of this project";
    }

    /// <summary>Why a schedule cannot run as written, one message per problem.</summary>
    public static void ValidateSchedule(MeltanoProject project, ScheduleDefinition s, Action<string> error)
    {
        if (string.IsNullOrWhiteSpace(s.Interval))
        {
            error("has no 'interval'");
        }
        else if (!Schedules.IntervalParser.TryParse(s.Name, s.Interval, out _, out var intervalProblem))
        {
            // The Scheduler's own parser, so lint and every edit refuse exactly what the Scheduler cannot run.
            error($"interval '{s.Interval}' is not valid: {intervalProblem.Message}");
        }
        if (s.Job is not null)
        {
            if (s.Extractor is not null || s.Loader is not null)
            {
                error("has both 'job' and 'extractor'/'loader'; use one style");
            }
            if (project.FindJob(s.Job) is null)
            {
                error($"job '{s.Job}' is not a job of this project");
            }
            return;
        }
        if (s.Extractor is null || s.Loader is null)
        {
            error("needs either 'job' or both 'extractor' and 'loader'");
        }
        if (s.Extractor is not null && project.FindPlugin(s.Extractor, PluginType.Extractors) is null)
        {
            error($"extractor '{s.Extractor}' is not an extractor of this project");
        }
        if (s.Loader is not null && project.FindPlugin(s.Loader, PluginType.Loaders) is null)
        {
            error($"loader '{s.Loader}' is not a loader of this project");
        }
        if (s.Transform is not null && s.Transform is not ("run" or "skip" or "only"))
        {
            error($"transform '{s.Transform}' must be run, skip or only");
        }
    }

    /// <summary>
    /// Gives every plugin that neither inherits from another nor is custom (<c>namespace</c> without inherit_from)
    /// its lock file as parent, which is where Meltano 3 takes the plugin's definition from.
    /// </summary>
    private static void AttachLockFiles(MeltanoProject project, List<ProjectError> errors, Action<SourceLocation?, string> warn)
    {
        foreach (var plugin in project.Plugins.Where(p => p.Parent is null && !(p.InheritFrom is null && p.Namespace is not null)))
        {
            if (PluginLockFile.Find(project.Root, plugin) is { } path)
            {
                plugin.Parent = PluginLockFile.Read(path, plugin.Type, errors);
            }
            else if (plugin.Variant is not null)
            {
                // Meltano would ask the Hub here; offline, an inherited variant falls back to the project plugin.
                plugin.Parent = plugin.InheritFrom is { } from && from != plugin.Name ? project.FindPlugin(from, plugin.Type) : null;
                warn(plugin.Location, $"{plugin.Type.Singular()} '{plugin.Name}': no lock file plugins/{plugin.Type.YamlKey()}/{plugin.InheritFrom ?? plugin.Name}--{plugin.Variant}.lock; "
                    + (plugin.Parent is null ? "its settings come from meltano.yml alone" : $"it inherits from '{plugin.InheritFrom}' in meltano.yml") + " (run `tapline lock`)");
            }
        }
    }

    private static void ResolveInheritance(MeltanoProject project, Action<SourceLocation?, string> add)
    {
        // As Meltano's find_parent: inherit_from names a project plugin only while the entry sets no variant.
        foreach (var plugin in project.Plugins.Where(p => p.InheritFrom is not null && p.Variant is null))
        {
            var parent = project.FindPlugin(plugin.InheritFrom!, plugin.Type);
            if (parent is null)
            {
                add(plugin.Location, $"plugin '{plugin.Name}': inherit_from '{plugin.InheritFrom}' is not a {plugin.Type.YamlKey()} plugin of this project");
                continue;
            }
            plugin.Parent = parent;
        }
        foreach (var plugin in project.Plugins.Where(p => p.Parent is not null))
        {
            var chain = new List<string> { plugin.Name };
            for (var p = plugin.Parent; p is not null; p = p.Parent)
            {
                if (chain.Contains(p.Name))
                {
                    chain.Add(p.Name);
                    add(plugin.Location, $"plugin '{plugin.Name}': inherit_from cycle {string.Join(" -> ", chain)}");
                    break;
                }
                chain.Add(p.Name);
            }
        }
        // A cycle would make every Effective* property recurse forever; cut it after reporting.
        foreach (var plugin in project.Plugins)
        {
            var seen = new HashSet<PluginDefinition> { plugin };
            for (var p = plugin; p.Parent is not null; p = p.Parent)
            {
                if (!seen.Add(p.Parent))
                {
                    p.Parent = null;
                    break;
                }
            }
        }
    }
}
