using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// meltano.yml and its included files as YAML node trees, edited in place: key order, unknown keys and other
/// plugins stay as they were (comments may go). Obtain one through <see cref="ProjectFile.Edit"/>.
/// </summary>
public sealed class ProjectDocument
{
    private readonly Dictionary<string, YamlMappingNode> _files;
    private readonly HashSet<string> _dirty = [];

    internal ProjectDocument(string mainFile, Dictionary<string, YamlMappingNode> files)
    {
        MainFile = mainFile;
        _files = files;
    }

    public string MainFile { get; }

    /// <summary>The main file's top mapping, for edits the typed helpers do not cover (call <see cref="MarkChanged"/>).</summary>
    public YamlMappingNode Main => _files[MainFile];

    internal IEnumerable<(string File, YamlMappingNode Root)> Changed => _dirty.Select(f => (f, _files[f]));

    public void MarkChanged(string? file = null) => _dirty.Add(file ?? MainFile);

    // ---- plugin config ----

    /// <summary>
    /// Sets <c>config.&lt;setting&gt;</c> of a plugin (dotted names nest: "a.b" -> a: {b: ..}). With an environment,
    /// writes <c>environments[name].config.plugins.&lt;type&gt;[plugin].config</c> instead.
    /// Extras ("_select", "_metadata", ...) go to the plugin's select/metadata/... keys.
    /// </summary>
    public void SetPluginConfig(PluginType type, string plugin, string setting, object? value, string? environment = null)
    {
        var (file, node) = environment is null ? FindPlugin(type, plugin) : EnvironmentPlugin(environment, type, plugin, create: true)!.Value;
        if (setting.StartsWith('_'))
        {
            Set(node, setting[1..], YamlValues.ToNode(value));
        }
        else
        {
            var config = ChildMap(node, "config", create: true)!;
            if (!config.Children.ContainsKey(new YamlScalarNode(setting)) && setting.Contains('.'))
            {
                var parts = setting.Split('.');
                foreach (var part in parts[..^1])
                {
                    config = ChildMap(config, part, create: true)!;
                }
                Set(config, parts[^1], YamlValues.ToNode(value));
            }
            else
            {
                Set(config, setting, YamlValues.ToNode(value));
            }
        }
        MarkChanged(file);
    }

    /// <summary>Removes one setting from a plugin's config (root or environment); returns whether it was there.</summary>
    public bool UnsetPluginConfig(PluginType type, string plugin, string setting, string? environment = null)
    {
        var found = environment is null ? FindPlugin(type, plugin) : EnvironmentPlugin(environment, type, plugin, create: false);
        if (found is not { } f)
        {
            return false;
        }
        bool removed;
        if (setting.StartsWith('_'))
        {
            removed = f.Node.Children.Remove(new YamlScalarNode(setting[1..]));
        }
        else
        {
            var config = ChildMap(f.Node, "config", create: false);
            removed = config is not null && RemovePath(config, setting);
        }
        if (removed)
        {
            MarkChanged(f.File);
        }
        return removed;
    }

    /// <summary>Clears a plugin's whole config (root or environment); returns whether anything was there.</summary>
    public bool ResetPluginConfig(PluginType type, string plugin, string? environment = null)
    {
        var found = environment is null ? FindPlugin(type, plugin) : EnvironmentPlugin(environment, type, plugin, create: false);
        if (found is not { } f || !f.Node.Children.Remove(new YamlScalarNode("config")))
        {
            return false;
        }
        MarkChanged(f.File);
        return true;
    }

    /// <summary>Sets one of Tapline's own settings at the top of meltano.yml ("ui.bind_port" -> ui: {bind_port: ..}).</summary>
    public void SetProjectSetting(string setting, object? value)
    {
        var map = Main;
        if (!map.Children.ContainsKey(new YamlScalarNode(setting)) && setting.Contains('.'))
        {
            var parts = setting.Split('.');
            foreach (var part in parts[..^1])
            {
                map = ChildMap(map, part, create: true)!;
            }
            Set(map, parts[^1], YamlValues.ToNode(value));
        }
        else
        {
            Set(map, setting, YamlValues.ToNode(value));
        }
        MarkChanged();
    }

    public bool UnsetProjectSetting(string setting)
    {
        var removed = RemovePath(Main, setting);
        if (removed)
        {
            MarkChanged();
        }
        return removed;
    }

    // ---- environments ----

    public void AddEnvironment(string name)
    {
        if (FindNamed("environments", name) is not null)
        {
            throw new ProjectException($"environment '{name}' already exists");
        }
        var env = new YamlMappingNode { { "name", name } };
        List(Main, "environments").Add(env);
        MarkChanged();
    }

    public bool RemoveEnvironment(string name) => RemoveNamed("environments", name);

    // ---- schedules and jobs ----

    public void AddSchedule(ScheduleDefinition schedule)
    {
        if (FindNamed("schedules", schedule.Name) is not null)
        {
            throw new ProjectException($"schedule '{schedule.Name}' already exists");
        }
        var node = new YamlMappingNode();
        WriteSchedule(node, schedule);
        List(Main, "schedules").Add(node);
        MarkChanged();
    }

    /// <summary>Replaces a schedule's known keys (renaming if the name differs), keeping keys Tapline does not model.</summary>
    public void UpdateSchedule(string name, ScheduleDefinition schedule)
    {
        var (file, node) = FindNamed("schedules", name) ?? throw new ProjectException($"schedule '{name}' does not exist");
        if (schedule.Name != name && FindNamed("schedules", schedule.Name) is not null)
        {
            throw new ProjectException($"schedule '{schedule.Name}' already exists");
        }
        WriteSchedule(node, schedule);
        MarkChanged(file);
    }

    public bool RemoveSchedule(string name) => RemoveNamed("schedules", name);

    /// <summary>Pauses or resumes a schedule (Tapline's <c>enabled:</c> key; absent means enabled).</summary>
    public void SetScheduleEnabled(string name, bool enabled)
    {
        var (file, node) = FindNamed("schedules", name) ?? throw new ProjectException($"schedule '{name}' does not exist");
        if (enabled)
        {
            node.Children.Remove(new YamlScalarNode("enabled"));
        }
        else
        {
            Set(node, "enabled", new YamlScalarNode("false"));
        }
        MarkChanged(file);
    }

    public void AddJob(string name, IEnumerable<JobTask> tasks)
    {
        if (FindNamed("jobs", name) is not null)
        {
            throw new ProjectException($"job '{name}' already exists");
        }
        var seq = new YamlSequenceNode();
        foreach (var task in tasks)
        {
            seq.Add(task.IsList ? new YamlSequenceNode(task.Parts.Select(p => (YamlNode)new YamlScalarNode(p))) : new YamlScalarNode(task.ToString()));
        }
        List(Main, "jobs").Add(new YamlMappingNode { { "name", name }, { "tasks", seq } });
        MarkChanged();
    }

    public bool RemoveJob(string name) => RemoveNamed("jobs", name);

    private static void WriteSchedule(YamlMappingNode node, ScheduleDefinition s)
    {
        void Put(string key, string? value)
        {
            if (value is null)
            {
                node.Children.Remove(new YamlScalarNode(key));
            }
            else
            {
                Set(node, key, YamlValues.ToNode(value));
            }
        }
        Put("name", s.Name);
        Put("extractor", s.Extractor);
        Put("loader", s.Loader);
        Put("transform", s.Transform);
        Put("job", s.Job);
        Put("interval", s.Interval);
        Put("start_date", s.StartDate);
        if (s.Env.Count > 0)
        {
            Set(node, "env", YamlValues.ToNode(s.Env.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)));
        }
        else
        {
            node.Children.Remove(new YamlScalarNode("env"));
        }
        if (s.Enabled)
        {
            node.Children.Remove(new YamlScalarNode("enabled"));
        }
        else
        {
            Set(node, "enabled", new YamlScalarNode("false"));
        }
    }

    // ---- node helpers ----

    private (string File, YamlMappingNode Node) FindPlugin(PluginType type, string plugin)
    {
        foreach (var (file, root) in _files)
        {
            if (ChildMap(root, "plugins", create: false) is { } plugins
                && ProjectReader.Get(plugins, type.YamlKey()) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == plugin) is { } node)
            {
                return (file, node);
            }
        }
        throw new ProjectException($"{type.YamlKey()} plugin '{plugin}' is not in {MainFile}");
    }

    private (string File, YamlMappingNode Node)? EnvironmentPlugin(string environment, PluginType type, string plugin, bool create)
    {
        var (file, env) = FindNamed("environments", environment) ?? throw new ProjectException($"environment '{environment}' does not exist");
        var config = ChildMap(env, "config", create);
        var plugins = config is null ? null : ChildMap(config, "plugins", create);
        if (plugins is null)
        {
            return null;
        }
        if (ProjectReader.Get(plugins, type.YamlKey()) is not YamlSequenceNode seq)
        {
            if (!create)
            {
                return null;
            }
            seq = new YamlSequenceNode();
            Set(plugins, type.YamlKey(), seq);
        }
        var node = seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == plugin);
        if (node is null && create)
        {
            node = new YamlMappingNode { { "name", plugin } };
            seq.Add(node);
        }
        return node is null ? null : (file, node);
    }

    private (string File, YamlMappingNode Node)? FindNamed(string section, string name)
    {
        foreach (var (file, root) in _files)
        {
            if (ProjectReader.Get(root, section) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == name) is { } node)
            {
                return (file, node);
            }
        }
        return null;
    }

    private bool RemoveNamed(string section, string name)
    {
        foreach (var (file, root) in _files)
        {
            if (ProjectReader.Get(root, section) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == name) is { } node)
            {
                seq.Children.Remove(node);
                MarkChanged(file);
                return true;
            }
        }
        return false;
    }

    private static string? NameOf(YamlMappingNode map) => (ProjectReader.Get(map, "name") as YamlScalarNode)?.Value;

    private static void Set(YamlMappingNode map, string key, YamlNode value) => map.Children[new YamlScalarNode(key)] = value;

    private static YamlMappingNode? ChildMap(YamlMappingNode parent, string key, bool create)
    {
        var existing = ProjectReader.Get(parent, key);
        if (existing is YamlMappingNode map)
        {
            return map;
        }
        if (existing is not null && !(existing is YamlScalarNode s && YamlValues.ScalarValue(s) is null))
        {
            throw new ProjectException($"'{key}' at line {existing.Start.Line} is not a mapping; cannot write into it");
        }
        if (!create)
        {
            return null;
        }
        map = new YamlMappingNode();
        Set(parent, key, map);
        return map;
    }

    private static YamlSequenceNode List(YamlMappingNode parent, string key)
    {
        var existing = ProjectReader.Get(parent, key);
        if (existing is YamlSequenceNode seq)
        {
            return seq;
        }
        if (existing is not null && !(existing is YamlScalarNode s && YamlValues.ScalarValue(s) is null))
        {
            throw new ProjectException($"'{key}' at line {existing.Start.Line} is not a list; cannot add to it");
        }
        seq = new YamlSequenceNode();
        Set(parent, key, seq);
        return seq;
    }

    private static bool RemovePath(YamlMappingNode map, string dotted)
    {
        if (map.Children.Remove(new YamlScalarNode(dotted)))
        {
            return true;
        }
        var parts = dotted.Split('.');
        if (parts.Length == 1)
        {
            return false;
        }
        var parents = new List<YamlMappingNode> { map };
        foreach (var part in parts[..^1])
        {
            if (ProjectReader.Get(parents[^1], part) is not YamlMappingNode child)
            {
                return false;
            }
            parents.Add(child);
        }
        if (!parents[^1].Children.Remove(new YamlScalarNode(parts[^1])))
        {
            return false;
        }
        // Drop the mappings the removal emptied, so "a.b" unset leaves no "a: {}" behind.
        for (var i = parents.Count - 1; i > 0 && parents[i].Children.Count == 0; i--)
        {
            parents[i - 1].Children.Remove(new YamlScalarNode(parts[i - 1]));
        }
        return true;
    }
}
