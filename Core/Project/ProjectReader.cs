using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary>
/// The typed values of one project file's YAML (a string, a flag, a list, a mapping, an <c>env:</c>), each wrong
/// shape collected as an error with its line instead of stopping at the first. The section readers
/// (<see cref="PluginSectionReader"/>, <see cref="EnvironmentSectionReader"/>, <see cref="ScheduleSectionReader"/>,
/// <see cref="JobSectionReader"/>) build the model from these.
/// </summary>
internal sealed class ProjectReader(string file, List<ProjectError> errors, List<ProjectError>? warnings = null)
{
    public string File => file;

    public SourceLocation At(YamlNode node) => YamlValues.Location(file, node);

    internal void Error(YamlNode node, string message) =>
        errors.Add(new ProjectError(file, (int)node.Start.Line, (int)node.Start.Column, message));

    internal void Warn(YamlNode node, string message) =>
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

    public IEnumerable<(string Key, YamlNode Value, YamlNode KeyNode)> Entries(YamlMappingNode map) =>
        map.Children.Select(kv => (YamlValues.KeyText(kv.Key), kv.Value, kv.Key));

    internal Dictionary<string, object?> Extras(YamlMappingNode map, HashSet<string> known) =>
        Entries(map).Where(e => !known.Contains(e.Key)).ToDictionary(e => e.Key, e => YamlValues.ToValue(e.Value));

    internal IEnumerable<YamlMappingNode> Items(YamlNode? node, string field)
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

    /// <summary>The entries of a list section that have a name; one without is an error at its line and is skipped.</summary>
    internal IEnumerable<(string Name, YamlMappingNode Map)> NamedItems(YamlNode? node, string field, string what)
    {
        foreach (var item in Items(node, field))
        {
            if (RequiredName(item, what) is { } name)
            {
                yield return (name, item);
            }
        }
    }

    internal string? RequiredName(YamlMappingNode map, string what)
    {
        var name = Str(ProjectYaml.Get(map, "name"), "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            Error(map, $"{what} without a 'name'");
            return null;
        }
        return name;
    }
}
