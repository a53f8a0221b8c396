using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// meltano.yml and its included files as YAML node trees, edited in place. <see cref="ProjectFile.Edit"/> (the only
/// way to obtain one) writes back only what an edit changed, so comments, key order, quoting and unknown keys of
/// everything else stay as written.
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

    // ---- plugins ----

    /// <summary>
    /// Adds a plugin entry under <c>plugins.&lt;type&gt;</c>, or replaces the entry of the same name where it is
    /// (main file or include file, same position). <paramref name="entry"/> is the entry as Meltano writes it
    /// (name, variant, pip_url, config, ...), in the key order to write; it must hold "name".
    /// </summary>
    public void SetPlugin(PluginType type, IReadOnlyDictionary<string, object?> entry)
    {
        var name = entry.TryGetValue("name", out var n) && n is string text && text.Length > 0
            ? text : throw new ProjectException("a plugin entry needs a 'name'");
        var node = (YamlMappingNode)YamlValues.ToNode(entry.ToDictionary(kv => kv.Key, kv => kv.Value));
        foreach (var (file, root) in _files)
        {
            if (ChildMap(root, "plugins", create: false) is { } plugins
                && ProjectYaml.Get(plugins, type.YamlKey()) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == name) is { } existing)
            {
                seq.Children[seq.Children.IndexOf(existing)] = node;
                MarkChanged(file);
                return;
            }
        }
        List(ChildMap(Main, "plugins", create: true)!, type.YamlKey()).Add(node);
        MarkChanged();
    }

    /// <summary>Whether the project declares this plugin (in any of its files).</summary>
    public bool HasPlugin(PluginType type, string name) => TryFindPlugin(type, name) is not null;

    /// <summary>Removes a plugin's entry from the file that declares it; returns whether it was there.</summary>
    public bool RemovePlugin(PluginType type, string name)
    {
        if (TryFindPlugin(type, name) is not { } found)
        {
            return false;
        }
        var plugins = ChildMap(_files[found.File], "plugins", create: false)!;
        var seq = (YamlSequenceNode)ProjectYaml.Get(plugins, type.YamlKey())!;
        seq.Children.Remove(found.Node);
        MarkChanged(found.File);
        return true;
    }

    /// <summary>Sets a plugin's <c>select:</c> rules (root or environment), as <c>meltano select</c> does.</summary>
    public void SetPluginSelect(PluginType type, string plugin, IEnumerable<string> select, string? environment = null) =>
        SetPluginConfig(type, plugin, "_select", select.ToList(), environment);

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

    /// <summary>
    /// Sets a project setting in meltano.yml ("ui.bind_port" -> ui: {bind_port: ..}): Meltano's at the top level,
    /// Tapline's own under <c>annotations: {tapline: ...}</c> so Meltano's schema still accepts the file.
    /// </summary>
    public void SetProjectSetting(string setting, object? value)
    {
        var map = Main;
        if (!ProjectSettings.MeltanoTopLevelKeys.Contains(setting.Split('.')[0]))
        {
            RemovePath(Main, setting);
            map = ChildMap(ChildMap(Main, "annotations", create: true)!, ProjectSettings.AnnotationKey, create: true)!;
        }
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

    /// <summary>
    /// The mapping <c>annotations.tapline.&lt;key&gt;</c> of the main file, created when absent, for a Tapline feature that
    /// edits a whole section of its own (notifications); marks the file changed.
    /// </summary>
    public YamlMappingNode TaplineSection(string key)
    {
        var own = ChildMap(ChildMap(Main, "annotations", create: true)!, ProjectSettings.AnnotationKey, create: true)!;
        MarkChanged();
        return ChildMap(own, key, create: true)!;
    }

    public bool UnsetProjectSetting(string setting)
    {
        var removed = RemovePath(Main, setting);
        if (ChildMap(Main, "annotations", create: false) is { } annotations
            && ChildMap(annotations, ProjectSettings.AnnotationKey, create: false) is { } own)
        {
            removed |= RemovePath(own, setting);
            if (own.Children.Count == 0)
            {
                annotations.Children.Remove(new YamlScalarNode(ProjectSettings.AnnotationKey));
            }
            if (annotations.Children.Count == 0)
            {
                Main.Children.Remove(new YamlScalarNode("annotations"));
            }
        }
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

    /// <summary>Pauses or resumes a schedule (Tapline's <c>enabled</c> annotation; absent means enabled).</summary>
    public void SetScheduleEnabled(string name, bool enabled) => SetSchedulePolicy(name, "enabled", enabled ? null : "false");

    /// <summary>
    /// Sets (or, with null, removes) one of Tapline's schedule keys (<see cref="ScheduleDefinition.TaplineKeys"/>)
    /// under the schedule's <c>annotations: {tapline: ...}</c>, where Meltano lets other tools keep theirs, and
    /// drops the old spelling of the key at the schedule's top level.
    /// </summary>
    public void SetSchedulePolicy(string name, string key, string? value)
    {
        var (file, node) = FindNamed("schedules", name) ?? throw new ProjectException($"schedule '{name}' does not exist");
        WritePolicy(node, key, value);
        MarkChanged(file);
    }

    private static void WritePolicy(YamlMappingNode schedule, string key, string? value)
    {
        schedule.Children.Remove(new YamlScalarNode(key));
        if (value is not null)
        {
            var tapline = ChildMap(ChildMap(schedule, "annotations", create: true)!, ScheduleDefinition.AnnotationKey, create: true)!;
            Set(tapline, key, YamlValues.ToNode(TypedPolicy(value)));
            return;
        }
        if (ChildMap(schedule, "annotations", create: false) is not { } annotations
            || ChildMap(annotations, ScheduleDefinition.AnnotationKey, create: false) is not { } own)
        {
            return;
        }
        own.Children.Remove(new YamlScalarNode(key));
        if (own.Children.Count == 0)
        {
            annotations.Children.Remove(new YamlScalarNode(ScheduleDefinition.AnnotationKey));
        }
        if (annotations.Children.Count == 0)
        {
            schedule.Children.Remove(new YamlScalarNode("annotations"));
        }
    }

    /// <summary>"3" is written as the number 3 and "false" as a boolean, as a person would write them.</summary>
    private static object TypedPolicy(string value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : bool.TryParse(value, out var b) ? b
        : value;

    public void AddJob(string name, IEnumerable<JobTask> tasks)
    {
        if (FindNamed("jobs", name) is not null)
        {
            throw new ProjectException($"job '{name}' already exists");
        }
        List(Main, "jobs").Add(new YamlMappingNode { { "name", name }, { "tasks", TasksNode(tasks) } });
        MarkChanged();
    }

    /// <summary>Adds a job, or replaces the tasks of an existing one where it is (its other keys stay).</summary>
    public void SetJob(string name, IEnumerable<JobTask> tasks)
    {
        if (FindNamed("jobs", name) is not { } found)
        {
            AddJob(name, tasks);
            return;
        }
        Set(found.Node, "tasks", TasksNode(tasks));
        MarkChanged(found.File);
    }

    private static YamlSequenceNode TasksNode(IEnumerable<JobTask> tasks)
    {
        var seq = new YamlSequenceNode();
        foreach (var task in tasks)
        {
            seq.Add(task.IsList ? new YamlSequenceNode(task.Parts.Select(p => (YamlNode)YamlValues.ToNode(p))) : YamlValues.ToNode(task.ToString()));
        }
        return seq;
    }

    public bool RemoveJob(string name) => RemoveNamed("jobs", name);

    private static void WriteSchedule(YamlMappingNode node, ScheduleDefinition s)
    {
        string? Existing(string key) => ProjectYaml.Get(node, key) is YamlScalarNode x ? x.Value : null;
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
        var eltStyle = s.Job is null;
        // Meltano's schema requires transform and start_date on an elt-style schedule (its `schedule add` wrote
        // both); the defaults change nothing: transform skip, and a start in the past.
        Put("transform", s.Transform ?? (eltStyle ? Existing("transform") ?? "skip" : null));
        Put("job", s.Job);
        Put("interval", s.Interval);
        Put("start_date", s.StartDate ?? (eltStyle ? Existing("start_date") ?? DateTime.UtcNow.ToString("yyyy-MM-dd 00:00:00", System.Globalization.CultureInfo.InvariantCulture) : null));
        if (s.Env.Count > 0)
        {
            Set(node, "env", YamlValues.ToNode(s.Env.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)));
        }
        else
        {
            node.Children.Remove(new YamlScalarNode("env"));
        }
        WritePolicy(node, "enabled", s.Enabled ? null : "false");
    }

    // ---- node helpers ----

    private (string File, YamlMappingNode Node) FindPlugin(PluginType type, string plugin) =>
        TryFindPlugin(type, plugin) ?? throw new ProjectException($"{type.YamlKey()} plugin '{plugin}' is not in {MainFile}");

    private (string File, YamlMappingNode Node)? TryFindPlugin(PluginType type, string plugin)
    {
        foreach (var (file, root) in _files)
        {
            if (ChildMap(root, "plugins", create: false) is { } plugins
                && ProjectYaml.Get(plugins, type.YamlKey()) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == plugin) is { } node)
            {
                return (file, node);
            }
        }
        return null;
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
        if (ProjectYaml.Get(plugins, type.YamlKey()) is not YamlSequenceNode seq)
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
            if (ProjectYaml.Get(root, section) is YamlSequenceNode seq
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
            if (ProjectYaml.Get(root, section) is YamlSequenceNode seq
                && seq.Children.OfType<YamlMappingNode>().FirstOrDefault(m => NameOf(m) == name) is { } node)
            {
                seq.Children.Remove(node);
                MarkChanged(file);
                return true;
            }
        }
        return false;
    }

    private static string? NameOf(YamlMappingNode map) => (ProjectYaml.Get(map, "name") as YamlScalarNode)?.Value;

    private static void Set(YamlMappingNode map, string key, YamlNode value)
    {
        // An unchanged value keeps its node, so the file keeps how it was written (quotes, comment after it).
        if (ProjectYaml.Get(map, key) is YamlScalarNode existing && value is YamlScalarNode replacement
            && existing.Value == replacement.Value && Equals(YamlValues.ScalarValue(existing), YamlValues.ScalarValue(Plain(replacement))))
        {
            return;
        }
        map.Children[new YamlScalarNode(key)] = value;
    }

    private static YamlScalarNode Plain(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Any ? new YamlScalarNode(s.Value) { Style = YamlDotNet.Core.ScalarStyle.Plain } : s;

    private static YamlMappingNode? ChildMap(YamlMappingNode parent, string key, bool create)
    {
        var existing = ProjectYaml.Get(parent, key);
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
        var existing = ProjectYaml.Get(parent, key);
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
            if (ProjectYaml.Get(parents[^1], part) is not YamlMappingNode child)
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
