using Tapline.Core.Project;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Notifications;

/// <summary>
/// Edits the raw <c>notifications</c> mapping ($VAR references kept as written): one channel set or removed, the rules
/// replaced. The same edit serves meltano.yml (through <see cref="ProjectDocument.TaplineSection"/>) and the copy in the
/// system database.
/// </summary>
public static class NotificationConfigEditor
{
    /// <summary>
    /// Sets channel <paramref name="name"/> to <paramref name="fields"/> (null values dropped). A secret field given as
    /// <paramref name="keepMarker"/> keeps the value already written, so a form showing "(redacted)" can be saved as is.
    /// </summary>
    public static void SetChannel(YamlMappingNode notifications, string name, IReadOnlyDictionary<string, object?> fields, string keepMarker)
    {
        var channels = Map(notifications, "channels");
        var previous = ProjectYaml.Get(channels, name) as YamlMappingNode;
        var entry = new YamlMappingNode();
        foreach (var (key, value) in fields)
        {
            if (value is null || value is string { Length: 0 } || value is List<object?> { Count: 0 })
            {
                continue;
            }
            if (NotificationConfigReader.SecretKeys.Contains(key) && value as string == keepMarker)
            {
                if (previous is not null && ProjectYaml.Get(previous, key) is { } kept)
                {
                    entry.Children[new YamlScalarNode(key)] = kept;
                }
                continue;
            }
            entry.Children[new YamlScalarNode(key)] = YamlValues.ToNode(value);
        }
        channels.Children[new YamlScalarNode(name)] = entry;
    }

    public static bool RemoveChannel(YamlMappingNode notifications, string name) =>
        ProjectYaml.Get(notifications, "channels") is YamlMappingNode channels && channels.Children.Remove(new YamlScalarNode(name));

    public static void SetRules(YamlMappingNode notifications, IEnumerable<IReadOnlyDictionary<string, object?>> rules)
    {
        var list = new YamlSequenceNode();
        foreach (var rule in rules)
        {
            list.Add(YamlValues.ToNode(rule.Where(kv => kv.Value is not null && kv.Value is not List<object?> { Count: 0 })
                .ToDictionary(kv => kv.Key, kv => kv.Value)));
        }
        notifications.Children[new YamlScalarNode("rules")] = list;
    }

    /// <summary>The value under <paramref name="key"/> of a mapping, for readers outside Core.</summary>
    public static YamlNode? Get(YamlMappingNode map, string key) => ProjectYaml.Get(map, key);

    /// <summary>A deep copy, so an edit can be validated before it is kept.</summary>
    public static YamlMappingNode Copy(YamlMappingNode? node) =>
        node is null ? new YamlMappingNode() : (YamlMappingNode)YamlValues.ToNode(YamlValues.ToDictionary(node));

    private static YamlMappingNode Map(YamlMappingNode parent, string key)
    {
        if (ProjectYaml.Get(parent, key) is YamlMappingNode map)
        {
            return map;
        }
        map = new YamlMappingNode();
        parent.Children[new YamlScalarNode(key)] = map;
        return map;
    }
}
