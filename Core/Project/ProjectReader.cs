using Tapline.Core.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// Reads one YAML file of a project into model parts, collecting every problem with its line
/// instead of stopping at the first.
/// </summary>
internal sealed class ProjectReader(string file, List<ProjectError> errors, List<ProjectError>? warnings = null)
{
    private static readonly HashSet<string> PluginKeys =
    [
        "name", "variant", "pip_url", "executable", "namespace", "inherit_from", "config", "settings", "select",
        "metadata", "schema", "capabilities", "catalog", "state", "load_schema", "select_filter", "commands",
        "requires", "env", "mappings",
    ];

    private static readonly HashSet<string> SettingKeys =
        ["name", "aliases", "kind", "value", "env", "sensitive", "options", "label", "description"];

    private static readonly HashSet<string> ScheduleKeys =
        ["name", "interval", "extractor", "loader", "transform", "job", "start_date", "env", "enabled"];

    /// <summary>Extras of a plugin that environments may override; Meltano exposes them as _select etc.</summary>
    internal static readonly string[] ExtraKeys = ["select", "metadata", "schema", "catalog", "state", "load_schema", "select_filter"];

    public string File => file;

    /// <summary>Parses YAML text; malformed YAML is reported with line and column and yields null.</summary>
    public static YamlMappingNode? Parse(string file, string text, List<ProjectError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message;
            var message = ex.Message.Split(": ", 2) is [_, var rest] && ex.Message.StartsWith('(') ? rest : ex.Message;
            // "While parsing X" starts where the enclosing X started, so the offending line is its end;
            // "While scanning X" starts at the token left open (a quote), which is what to fix.
            var parsing = message.StartsWith("While parsing", StringComparison.Ordinal);
            var at = parsing ? ex.End : ex.Start;
            var other = parsing ? ex.Start : ex.End;
            var (line, column) = ((int)at.Line, (int)at.Column);
            if (other.Line != at.Line)
            {
                message += parsing ? $" (the block starts at line {other.Line})" : $" (noticed at line {other.Line}, column {other.Column})";
            }
            if (message.Contains("tab", StringComparison.Ordinal) && FirstTabIndentedLine(text) is { } tabLine)
            {
                // YamlDotNet reports tab indentation at the start of the enclosing mapping.
                (line, column) = (tabLine, 1);
            }
            else if (UnclosedOpener(text) is { } opener)
            {
                errors.Add(Unclosed(file, opener, (line, column)));
                return null;
            }
            errors.Add(new ProjectError(file, line, column,
                $"malformed YAML: {message}{(inner is null ? "" : $" ({inner})")}"));
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed input trips YamlDotNet's scanner without a position; scan again to find where.
            var (line, column) = LocateScannerFailure(text);
            if (UnclosedOpener(text) is { } opener)
            {
                errors.Add(Unclosed(file, opener, (line, column)));
                return null;
            }
            errors.Add(new ProjectError(file, line, column, "malformed YAML: the scanner could not read a value here (unclosed bracket or quote?)"));
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new YamlMappingNode();
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var n = stream.Documents[0].RootNode;
            errors.Add(new ProjectError(file, (int)n.Start.Line, (int)n.Start.Column, "the file must be a YAML mapping (key: value) at the top"));
            return null;
        }
        return root;
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
            if (indent.Contains('\t'))
            {
                return i + 1;
            }
        }
        return null;
    }

    /// <summary>
    /// Like PyYAML, a bracket left open is reported where it was opened (what to fix), naming where the parser
    /// noticed (often the end of the file).
    /// </summary>
    private static ProjectError Unclosed(string file, (char Bracket, int Line, int Column) opener, (int Line, int Column) found) =>
        new(file, opener.Line, opener.Column,
            $"malformed YAML: '{opener.Bracket}' opened here is not closed (expected ',' or '{(opener.Bracket == '[' ? ']' : '}')}'; noticed at line {found.Line}, column {found.Column})");

    /// <summary>The innermost flow bracket still open where the scanner or parser gives up; null when none is.</summary>
    private static (char Bracket, int Line, int Column)? UnclosedOpener(string text)
    {
        var open = new Stack<(char, int, int)>();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            while (scanner.MoveNext())
            {
                switch (scanner.Current)
                {
                    case YamlDotNet.Core.Tokens.FlowSequenceStart t:
                        open.Push(('[', (int)t.Start.Line, (int)t.Start.Column));
                        break;
                    case YamlDotNet.Core.Tokens.FlowMappingStart t:
                        open.Push(('{', (int)t.Start.Line, (int)t.Start.Column));
                        break;
                    case YamlDotNet.Core.Tokens.FlowSequenceEnd or YamlDotNet.Core.Tokens.FlowMappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            return open.Count > 0 ? open.Peek() : null;
        }
        return open.Count > 0 ? open.Peek() : null;
    }

    private static (int Line, int Column) LocateScannerFailure(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = scanner.CurrentPosition;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.CurrentPosition;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or YamlException)
        {
            last = scanner.CurrentPosition;
        }
        return ((int)last.Line, (int)last.Column);
    }

    public SourceLocation At(YamlNode node) => YamlValues.Location(file, node);

    private void Error(YamlNode node, string message) =>
        errors.Add(new ProjectError(file, (int)node.Start.Line, (int)node.Start.Column, message));

    private void Warn(YamlNode node, string message) =>
        warnings?.Add(new ProjectError(file, (int)node.Start.Line, (int)node.Start.Column, message));

    public string? Str(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }
        if (node is YamlScalarNode s)
        {
            return YamlValues.ScalarValue(s) is null ? null : s.Value;
        }
        Error(node, $"'{field}' must be a single value, not a {(node is YamlMappingNode ? "mapping" : "list")}");
        return null;
    }

    public bool? Bool(YamlNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }
        var v = node is YamlScalarNode s ? YamlValues.ScalarValue(s) : node;
        if (v is bool b)
        {
            return b;
        }
        if (v is string str && bool.TryParse(str, out var parsed))
        {
            return parsed;
        }
        Error(node, $"'{field}' must be true or false");
        return null;
    }

    public IReadOnlyList<string> StrList(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode seq:
                return seq.Children.Select(c => Str(c, field)).OfType<string>().ToList();
            case YamlScalarNode s when YamlValues.ScalarValue(s) is null:
                return [];
            default:
                Error(node, $"'{field}' must be a list");
                return [];
        }
    }

    public Dictionary<string, object?>? Map(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode m:
                return YamlValues.ToDictionary(m);
            case YamlScalarNode s when YamlValues.ScalarValue(s) is null:
                return new Dictionary<string, object?>();
            default:
                Error(node, $"'{field}' must be a mapping (key: value)");
                return null;
        }
    }

    public IReadOnlyDictionary<string, string> EnvMap(YamlNode? node, string field)
    {
        var map = Map(node, field);
        return map is null
            ? new Dictionary<string, string>()
            : map.ToDictionary(kv => kv.Key, kv => kv.Value switch
            {
                null => "",
                bool b => b ? "true" : "false",
                string s => s,
                var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            });
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    public IEnumerable<(string Key, YamlNode Value, YamlNode KeyNode)> Entries(YamlMappingNode map) =>
        map.Children.Select(kv => (YamlValues.KeyText(kv.Key), kv.Value, kv.Key));

    private Dictionary<string, object?> Extras(YamlMappingNode map, HashSet<string> known) =>
        Entries(map).Where(e => !known.Contains(e.Key)).ToDictionary(e => e.Key, e => YamlValues.ToValue(e.Value));

    private IEnumerable<YamlMappingNode> Items(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                yield break;
            case YamlScalarNode s when YamlValues.ScalarValue(s) is null:
                yield break;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    if (child is YamlMappingNode m)
                    {
                        yield return m;
                    }
                    else
                    {
                        Error(child, $"each entry of '{field}' must be a mapping with at least 'name'");
                    }
                }
                break;
            default:
                Error(node, $"'{field}' must be a list");
                break;
        }
    }

    private string? RequiredName(YamlMappingNode map, string what)
    {
        var name = Str(Get(map, "name"), "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(map, $"{what} without a 'name'");
            return null;
        }
        return name;
    }

    public List<PluginDefinition> ReadPlugins(YamlNode? node)
    {
        var result = new List<PluginDefinition>();
        if (node is null || (node is YamlScalarNode s0 && YamlValues.ScalarValue(s0) is null))
        {
            return result;
        }
        if (node is not YamlMappingNode map)
        {
            Error(node, "'plugins' must be a mapping of plugin types (extractors, loaders, ...)");
            return result;
        }
        foreach (var (key, value, keyNode) in Entries(map))
        {
            if (!PluginTypes.TryParse(key, out var type) || type.YamlKey() != key)
            {
                Error(keyNode, $"unknown plugin type '{key}' under 'plugins' (expected one of {string.Join(", ", PluginTypes.All.Select(t => t.YamlKey()))})");
                continue;
            }
            foreach (var item in Items(value, $"plugins.{key}"))
            {
                var plugin = ReadPlugin(type, item);
                if (plugin is not null)
                {
                    result.Add(plugin);
                }
            }
        }
        return result;
    }

    private PluginDefinition? ReadPlugin(PluginType type, YamlMappingNode map)
    {
        var name = RequiredName(map, $"a plugin under 'plugins.{type.YamlKey()}'");
        if (name is null)
        {
            return null;
        }
        return new PluginDefinition
        {
            Type = type,
            Name = name,
            Variant = Str(Get(map, "variant"), "variant"),
            PipUrl = Str(Get(map, "pip_url"), "pip_url"),
            Executable = Str(Get(map, "executable"), "executable"),
            Namespace = Str(Get(map, "namespace"), "namespace"),
            InheritFrom = Str(Get(map, "inherit_from"), "inherit_from"),
            Config = Map(Get(map, "config"), $"{name}.config") ?? new Dictionary<string, object?>(),
            Settings = ReadSettings(Get(map, "settings"), name),
            Select = Get(map, "select") is { } sel ? StrList(sel, $"{name}.select") : null,
            Metadata = Map(Get(map, "metadata"), $"{name}.metadata"),
            Schema = Map(Get(map, "schema"), $"{name}.schema"),
            Capabilities = StrList(Get(map, "capabilities"), $"{name}.capabilities"),
            Catalog = Str(Get(map, "catalog"), "catalog"),
            State = Str(Get(map, "state"), "state"),
            LoadSchema = Str(Get(map, "load_schema"), "load_schema"),
            SelectFilter = Get(map, "select_filter") is { } sf ? StrList(sf, $"{name}.select_filter") : null,
            Commands = ReadCommands(Get(map, "commands"), name),
            Requires = Map(Get(map, "requires"), $"{name}.requires"),
            Env = EnvMap(Get(map, "env"), $"{name}.env"),
            Mappings = ReadMappings(Get(map, "mappings"), name),
            Extras = Extras(map, PluginKeys),
            Location = At(map),
        };
    }

    private List<SettingDefinition> ReadSettings(YamlNode? node, string plugin)
    {
        var result = new List<SettingDefinition>();
        foreach (var item in Items(node, $"{plugin}.settings"))
        {
            var name = RequiredName(item, $"a setting of plugin '{plugin}'");
            if (name is null)
            {
                continue;
            }
            var kind = SettingKind.String;
            if (Get(item, "kind") is { } kindNode)
            {
                var kindText = Str(kindNode, "kind");
                if (kindText is not null && !SettingKinds.TryParse(kindText, out kind))
                {
                    Error(kindNode, $"plugin '{plugin}', setting '{name}': unknown kind '{kindText}' (expected one of {string.Join(", ", SettingKinds.Names)})");
                }
            }
            result.Add(new SettingDefinition
            {
                Name = name,
                Aliases = StrList(Get(item, "aliases"), $"{name}.aliases"),
                Kind = kind,
                Value = Get(item, "value") is { } v ? YamlValues.ToValue(v) : null,
                Env = Str(Get(item, "env"), "env"),
                Sensitive = Bool(Get(item, "sensitive"), "sensitive") ?? false,
                Options = Items(Get(item, "options"), $"{name}.options")
                    .Select(o => new SettingOption(Str(Get(o, "value"), "value") ?? "", Str(Get(o, "label"), "label")))
                    .ToList(),
                Label = Str(Get(item, "label"), "label"),
                Description = Str(Get(item, "description"), "description"),
                Extras = Extras(item, SettingKeys),
                Location = At(item),
            });
        }
        return result;
    }

    private Dictionary<string, PluginCommand> ReadCommands(YamlNode? node, string plugin)
    {
        var result = new Dictionary<string, PluginCommand>(StringComparer.Ordinal);
        var map = node as YamlMappingNode;
        if (node is not null && map is null)
        {
            Map(node, $"{plugin}.commands");
            return result;
        }
        foreach (var (key, value, _) in map is null ? [] : Entries(map))
        {
            if (value is YamlMappingNode cmd)
            {
                result[key] = new PluginCommand(key, Str(Get(cmd, "args"), "args") ?? "",
                    Str(Get(cmd, "executable"), "executable"), Str(Get(cmd, "description"), "description"));
            }
            else
            {
                result[key] = new PluginCommand(key, Str(value, $"commands.{key}") ?? "", null, null);
            }
        }
        return result;
    }

    private List<MappingDefinition> ReadMappings(YamlNode? node, string plugin) =>
        Items(node, $"{plugin}.mappings")
            .Select(m => (Name: RequiredName(m, $"a mapping of '{plugin}'"), Node: m))
            .Where(m => m.Name is not null)
            .Select(m => new MappingDefinition(m.Name!, Map(Get(m.Node, "config"), "config") ?? new Dictionary<string, object?>(), At(m.Node)))
            .ToList();

    public List<EnvironmentDefinition> ReadEnvironments(YamlNode? node)
    {
        var result = new List<EnvironmentDefinition>();
        foreach (var item in Items(node, "environments"))
        {
            var name = RequiredName(item, "an environment");
            if (name is null)
            {
                continue;
            }
            var plugins = new List<EnvironmentPluginConfig>();
            var extras = Extras(item, ["name", "config", "env", "state_id_suffix"]);
            if (Get(item, "config") is YamlMappingNode config)
            {
                foreach (var (key, value, keyNode) in Entries(config))
                {
                    if (key != "plugins")
                    {
                        extras[$"config.{key}"] = YamlValues.ToValue(value);
                        continue;
                    }
                    foreach (var p in ReadPlugins(value))
                    {
                        plugins.Add(new EnvironmentPluginConfig
                        {
                            Type = p.Type,
                            Name = p.Name,
                            Config = p.Config,
                            Extras = ExtrasOf(p),
                            Env = p.Env,
                            Location = p.Location,
                        });
                    }
                }
            }
            else if (Get(item, "config") is { } bad)
            {
                Map(bad, $"environment {name}.config");
            }
            result.Add(new EnvironmentDefinition
            {
                Name = name,
                Plugins = plugins,
                Env = EnvMap(Get(item, "env"), $"environment {name}.env"),
                StateIdSuffix = Str(Get(item, "state_id_suffix"), "state_id_suffix"),
                Extras = extras,
                Location = At(item),
            });
        }
        return result;
    }

    private static Dictionary<string, object?> ExtrasOf(PluginDefinition p)
    {
        var extras = new Dictionary<string, object?>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                extras[key] = value;
            }
        }
        Add("select", p.Select?.Cast<object?>().ToList());
        Add("metadata", p.Metadata);
        Add("schema", p.Schema);
        Add("catalog", p.Catalog);
        Add("state", p.State);
        Add("load_schema", p.LoadSchema);
        Add("select_filter", p.SelectFilter?.Cast<object?>().ToList());
        return extras;
    }

    public List<ScheduleDefinition> ReadSchedules(YamlNode? node)
    {
        var result = new List<ScheduleDefinition>();
        foreach (var item in Items(node, "schedules"))
        {
            var name = RequiredName(item, "a schedule");
            if (name is null)
            {
                continue;
            }
            var extras = Extras(item, ScheduleKeys);
            var enabledNode = Get(item, "enabled");
            foreach (var key in ScheduleDefinition.TaplineKeys)
            {
                if (Get(item, key) is { } oldSpelling)
                {
                    Warn(oldSpelling, $"schedule '{name}': '{key}' belongs under 'annotations: {{{ScheduleDefinition.AnnotationKey}: {{{key}: ...}}}}' (Meltano's schema refuses it here)");
                }
            }
            if (Get(item, "annotations") is YamlMappingNode annotations && Get(annotations, ScheduleDefinition.AnnotationKey) is { } own)
            {
                if (own is YamlMappingNode ownMap)
                {
                    // The annotation wins over an old spelling of the same key.
                    foreach (var (key, value, _) in Entries(ownMap))
                    {
                        extras[key] = YamlValues.ToValue(value);
                    }
                    enabledNode = Get(ownMap, "enabled") ?? enabledNode;
                }
                else
                {
                    Map(own, $"schedule {name}.annotations.{ScheduleDefinition.AnnotationKey}");
                }
            }
            extras.Remove("enabled");
            result.Add(new ScheduleDefinition
            {
                Name = name,
                Interval = Str(Get(item, "interval"), "interval"),
                Extractor = Str(Get(item, "extractor"), "extractor"),
                Loader = Str(Get(item, "loader"), "loader"),
                Transform = Str(Get(item, "transform"), "transform"),
                Job = Str(Get(item, "job"), "job"),
                StartDate = Str(Get(item, "start_date"), "start_date"),
                Enabled = Bool(enabledNode, "enabled") ?? true,
                Env = EnvMap(Get(item, "env"), $"schedule {name}.env"),
                Extras = extras,
                Location = At(item),
            });
        }
        return result;
    }

    public List<JobDefinition> ReadJobs(YamlNode? node)
    {
        var result = new List<JobDefinition>();
        foreach (var item in Items(node, "jobs"))
        {
            var name = RequiredName(item, "a job");
            if (name is null)
            {
                continue;
            }
            var tasks = new List<JobTask>();
            switch (Get(item, "tasks"))
            {
                case null:
                    Error(item, $"job '{name}' has no 'tasks'");
                    break;
                case YamlScalarNode s:
                    tasks.Add(new JobTask([s.Value ?? ""], false));
                    break;
                case YamlSequenceNode seq:
                    foreach (var t in seq.Children)
                    {
                        if (t is YamlSequenceNode inner)
                        {
                            tasks.Add(new JobTask(inner.Children.Select(c => Str(c, "tasks") ?? "").ToList(), true));
                        }
                        else if (Str(t, "tasks") is { } text)
                        {
                            tasks.Add(new JobTask([text], false));
                        }
                    }
                    break;
                case var other:
                    Error(other, $"job '{name}': 'tasks' must be a string, a list of strings, or a list of lists");
                    break;
            }
            result.Add(new JobDefinition
            {
                Name = name,
                Tasks = tasks,
                Extras = Extras(item, ["name", "tasks"]),
                Location = At(item),
            });
        }
        return result;
    }
}
