using System.Collections;
using Tapline.Core.Settings;

namespace Tapline.Core.Project;

/// <summary>How to open a project: where, which environment, which process env (tests pass their own).</summary>
public sealed record ProjectOpenOptions
{
    /// <summary>The --cwd option; else MELTANO_PROJECT_ROOT; else the nearest directory upward holding meltano.yml.</summary>
    public string? Cwd { get; init; }
    /// <summary>The --environment option (wins over MELTANO_ENVIRONMENT, .env and default_environment).</summary>
    public string? Environment { get; init; }
    public IReadOnlyDictionary<string, string>? ProcessEnv { get; init; }
    /// <summary>
    /// The run's own <c>env:</c> (a schedule's): part of the process env settings are read from, and in a plugin's
    /// environment above the terminal and <c>.env</c>, below meltano.yml's <c>env:</c> levels.
    /// </summary>
    public IReadOnlyDictionary<string, string>? RunEnv { get; init; }
    public ISettingsDbStore? Db { get; init; }
}

/// <summary>
/// An opened project: the loaded meltano.yml, .env, the active environment and Tapline's settings. The single
/// place every service and CLI verb starts from.
/// </summary>
public sealed class ProjectContext
{
    private ProjectContext(MeltanoProject project, IReadOnlyDictionary<string, string> processEnv,
        IReadOnlyDictionary<string, string> dotEnv, EnvironmentDefinition? environment, ProjectSettings settings, ISettingsDbStore? db,
        IReadOnlyDictionary<string, string>? runEnv)
    {
        Project = project;
        RunEnv = runEnv ?? new Dictionary<string, string>();
        ProcessEnv = processEnv;
        DotEnv = dotEnv;
        Environment = environment;
        Settings = settings;
        Db = db;
    }

    public MeltanoProject Project { get; }
    public string Root => Project.Root;
    /// <summary>The terminal's environment (with the run's env on top), which settings are read from.</summary>
    public IReadOnlyDictionary<string, string> ProcessEnv { get; }
    /// <summary>The run's own env (a schedule's <c>env:</c>); empty outside scheduled runs.</summary>
    public IReadOnlyDictionary<string, string> RunEnv { get; }
    public IReadOnlyDictionary<string, string> DotEnv { get; }
    public EnvironmentDefinition? Environment { get; }
    public ProjectSettings Settings { get; }
    public ISettingsDbStore? Db { get; }
    public string DotEnvPath => Path.Combine(Root, ".env");

    public static IReadOnlyDictionary<string, string> CurrentProcessEnv()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }
        return env;
    }

    /// <summary>Finds the project root: --cwd, else MELTANO_PROJECT_ROOT, else upward from the current directory.</summary>
    public static string LocateRoot(string? cwd, IReadOnlyDictionary<string, string> processEnv)
    {
        if (!string.IsNullOrEmpty(cwd))
        {
            return Path.GetFullPath(cwd);
        }
        if (processEnv.TryGetValue("MELTANO_PROJECT_ROOT", out var fromEnv) && fromEnv.Length > 0)
        {
            return Path.GetFullPath(fromEnv);
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ProjectLoader.FileName)))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The active environment's name, in Meltano's order: <c>--environment</c>, <c>MELTANO_ENVIRONMENT</c> (env, then .env), <c>default_environment</c>.</summary>
    public static string? ActiveEnvironmentName(string? explicitName, IReadOnlyDictionary<string, string> processEnv,
        IReadOnlyDictionary<string, string> dotEnv, string? defaultEnvironment) =>
        explicitName
            ?? processEnv.GetValueOrDefault("MELTANO_ENVIRONMENT")
            ?? dotEnv.GetValueOrDefault("MELTANO_ENVIRONMENT")
            ?? defaultEnvironment;

    /// <summary>Opens the project; throws <see cref="ProjectException"/> or <see cref="SettingsException"/> naming the problem.</summary>
    public static ProjectContext Open(ProjectOpenOptions? options = null)
    {
        options ??= new ProjectOpenOptions();
        var processEnv = options.ProcessEnv ?? CurrentProcessEnv();
        if (options.RunEnv is { Count: > 0 } runEnv)
        {
            var merged = new Dictionary<string, string>(processEnv, StringComparer.Ordinal);
            foreach (var (k, v) in runEnv)
            {
                merged[k] = v;
            }
            processEnv = merged;
        }
        var root = LocateRoot(options.Cwd, processEnv);
        var project = ProjectLoader.Load(root);
        var dotEnv = DotEnvFile.Read(Path.Combine(root, ".env"));
        return Layer(project, processEnv, dotEnv, options);
    }

    /// <summary>
    /// This project with the system database's settings layer (source <c>db</c>) added, from the files already
    /// read: the CLI needs the project to find its database before it can read that layer, and a second
    /// <see cref="Open"/> would read and parse meltano.yml, its includes and .env again.
    /// </summary>
    public ProjectContext WithDb(ISettingsDbStore db) =>
        Layer(Project, ProcessEnv, DotEnv, OpenOptions with { Db = db });

    /// <summary>What this project was opened with (its environment, run env and settings layers), for <see cref="WithDb"/>.</summary>
    private ProjectOpenOptions OpenOptions { get; init; } = new();

    private static ProjectContext Layer(MeltanoProject project, IReadOnlyDictionary<string, string> processEnv,
        IReadOnlyDictionary<string, string> dotEnv, ProjectOpenOptions options)
    {
        var settings = ProjectSettings.Resolve(project.Root, project.TopLevel, processEnv, dotEnv, project.Env, options.Db);
        var name = ActiveEnvironmentName(options.Environment, processEnv, dotEnv, settings.DefaultEnvironment);
        EnvironmentDefinition? environment = null;
        if (!string.IsNullOrEmpty(name) && name != "null")
        {
            environment = project.FindEnvironment(name) ?? throw new ProjectException(
                $"Environment '{name}' was not found in {project.File} (defined: {string.Join(", ", project.Environments.Select(e => e.Name))})");
        }
        return new ProjectContext(project, processEnv, dotEnv, environment, settings, options.Db, options.RunEnv) { OpenOptions = options };
    }

    public PluginDefinition FindPlugin(string name, PluginType? type = null)
    {
        var matches = Project.Plugins.Where(p => p.Name == name && (type is null || p.Type == type)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ProjectException($"plugin '{name}' is not in {Project.File}" +
                (Project.Plugins.Count == 0 ? "" : $" (plugins: {string.Join(", ", Project.Plugins.Select(p => p.Name))})")),
            _ => throw new ProjectException($"'{name}' names plugins of several types ({string.Join(", ", matches.Select(m => m.Type.YamlKey()))}); pass --plugin-type"),
        };
    }

    /// <summary>
    /// The env that $VAR in a plugin's settings expands against (null: the project level): the plugin's stack built
    /// on the terminal and .env minus Tapline's own secrets (<see cref="PluginVisibleEnv"/>), so neither a direct
    /// reference nor an env: level that copies a secret brings one into a setting.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExpansionEnv(PluginDefinition? plugin = null) => SettingsVisibleEnv(plugin);

    private Dictionary<string, string> SettingsVisibleEnv(PluginDefinition? plugin) =>
        PluginVisibleEnv.Of(PluginEnv(plugin, null, PluginVisibleEnv.Of(ProcessEnv), PluginVisibleEnv.Of(DotEnv)));

    /// <summary>
    /// The environment a plugin's process gets, in the order Meltano documents (docs: configuration, "specifying
    /// environment variables"), lowest first: the terminal, <c>.env</c>, the run's (schedule's) <c>env:</c>,
    /// Meltano's own variables (MELTANO_PROJECT_ROOT, MELTANO_ENVIRONMENT, ...), the plugin's settings as env vars
    /// (<paramref name="settingsEnv"/>), then meltano.yml's <c>env:</c> at the root, on the plugin (its inherit_from
    /// chain first), on the active environment, and on the plugin inside that environment (highest).
    /// With a null plugin: the project level (no plugin levels). The services' own variables are not in it, nor can an
    /// <c>env:</c> entry copy one (<see cref="PluginVisibleEnv.WithoutServiceVariables"/>).
    /// </summary>
    public Dictionary<string, string> PluginEnv(PluginDefinition? plugin, IReadOnlyDictionary<string, string>? settingsEnv = null) =>
        PluginEnv(plugin, settingsEnv, PluginVisibleEnv.WithoutServiceVariables(ProcessEnv), PluginVisibleEnv.WithoutServiceVariables(DotEnv));

    private Dictionary<string, string> PluginEnv(PluginDefinition? plugin, IReadOnlyDictionary<string, string>? settingsEnv,
        IReadOnlyDictionary<string, string> terminal, IReadOnlyDictionary<string, string> dotEnv)
    {
        var layers = new List<EnvLayer>
        {
            new("terminal", terminal, Expand: false),
            new(".env", dotEnv, Expand: false),
            new("schedule env", RunEnv, Expand: false),
            new("Meltano", BaseEnv(), Expand: false),
            new("settings", settingsEnv ?? new Dictionary<string, string>(), Expand: false),
            new("env", Project.Env, Expand: true),
        };
        if (plugin is not null)
        {
            layers.Add(new($"{plugin.Type.Singular()} '{plugin.Name}' env", plugin.EffectiveEnv, Expand: true));
        }
        if (Environment is not null)
        {
            layers.Add(new($"environment '{Environment.Name}' env", Environment.Env, Expand: true));
            if (plugin is not null && Environment.FindPlugin(plugin.Type, plugin.Name) is { } envPlugin)
            {
                layers.Add(new($"environment '{Environment.Name}' {plugin.Type.Singular()} '{plugin.Name}' env", envPlugin.Env, Expand: true));
            }
        }
        return EnvStack.Build(layers, Settings.StrictEnvVarMode);
    }

    private Dictionary<string, string> BaseEnv()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MELTANO_PROJECT_ROOT"] = Root,
            [ProjectSettings.SysDirEnvVar] = Settings.SysDirRoot,
        };
        if (Environment is not null)
        {
            env["MELTANO_ENVIRONMENT"] = Environment.Name;
        }
        return env;
    }

    /// <summary>The variables meltano.yml's env: levels set for a plugin, with the values they have in its stack.</summary>
    private Dictionary<string, string> YmlEnv(PluginDefinition plugin)
    {
        // Read as settings, so expanded like settings: without Tapline's own secrets.
        var stacked = SettingsVisibleEnv(plugin);
        var keys = Project.Env.Keys.Concat(plugin.EffectiveEnv.Keys).Concat(Environment?.Env.Keys ?? [])
            .Concat(Environment?.FindPlugin(plugin.Type, plugin.Name)?.Env.Keys ?? []);
        return keys.Distinct().Where(stacked.ContainsKey).ToDictionary(k => k, k => stacked[k], StringComparer.Ordinal);
    }

    /// <summary>Resolves every setting of a plugin in the active environment (Meltano's order, see SettingsResolver).</summary>
    public ResolvedSettings ResolvePluginSettings(PluginDefinition plugin, IReadOnlyDictionary<string, object?>? overrides = null)
    {
        // Values are inherited from a parent plugin of the project only; a lock file gives definitions, not values.
        ResolvedSettings? inherited = plugin.ProjectParent is { } parent ? ResolvePluginSettings(parent) : null;
        var extras = PluginExtras.For(plugin.Type);
        var ymlConfig = new Dictionary<string, object?>(plugin.Config, StringComparer.Ordinal);
        foreach (var (k, v) in PluginExtras.From(plugin))
        {
            ymlConfig[k] = v;
        }
        Dictionary<string, object?>? envConfig = null;
        if (Environment?.FindPlugin(plugin.Type, plugin.Name) is { } envPlugin)
        {
            envConfig = new Dictionary<string, object?>(envPlugin.Config, StringComparer.Ordinal);
            foreach (var (k, v) in envPlugin.Extras)
            {
                envConfig["_" + k] = v;
            }
        }
        var definitions = plugin.EffectiveSettings.Concat(extras).ToList();
        return SettingsResolver.Resolve(new SettingsScope
        {
            Owner = plugin.Name,
            Definitions = definitions,
            ExtraNames = extras.Select(e => e.Name).ToHashSet(),
            EnvPrefixes = new[] { plugin.Name, plugin.EffectiveNamespace }.Distinct().ToList(),
            Overrides = overrides,
            ProcessEnv = ProcessEnv,
            DotEnv = DotEnv,
            YmlEnv = YmlEnv(plugin),
            EnvironmentConfig = envConfig,
            YmlConfig = ymlConfig,
            Db = Db?.GetValues(plugin.Type.YamlKey(), plugin.Name),
            Inherited = inherited,
            ExpansionEnv = ExpansionEnv(plugin),
            StrictEnvVarMode = Settings.StrictEnvVarMode,
        });
    }
}
