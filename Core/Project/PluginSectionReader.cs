using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary><c>plugins:</c> (of meltano.yml, an include file, or an environment's <c>config.plugins</c>): each plugin with its settings, commands and mappings.</summary>
internal static class PluginSectionReader
{
    private static readonly HashSet<string> PluginKeys =
    [
        "name", "variant", "pip_url", "executable", "namespace", "inherit_from", "config", "settings", "select",
        "metadata", "schema", "capabilities", "catalog", "state", "load_schema", "select_filter", "commands",
        "requires", "env", "mappings",
    ];

    private static readonly HashSet<string> SettingKeys =
        ["name", "aliases", "kind", "value", "env", "sensitive", "options", "label", "description"];

    public static List<PluginDefinition> Read(ProjectReader r, YamlNode? node)
    {
        var result = new List<PluginDefinition>();
        if (node is null || (node is YamlScalarNode s0 && YamlValues.ScalarValue(s0) is null))
        {
            return result;
        }
        if (node is not YamlMappingNode map)
        {
            r.Error(node, "'plugins' must be a mapping of plugin types (extractors, loaders, ...)");
            return result;
        }
        foreach (var (key, value, keyNode) in r.Entries(map))
        {
            if (!PluginTypes.TryParse(key, out var type) || type.YamlKey() != key)
            {
                r.Error(keyNode, $"unknown plugin type '{key}' under 'plugins' (expected one of {string.Join(", ", PluginTypes.All.Select(t => t.YamlKey()))})");
                continue;
            }
            foreach (var item in r.Items(value, $"plugins.{key}"))
            {
                var plugin = ReadPlugin(r, type, item);
                if (plugin is not null)
                {
                    result.Add(plugin);
                }
            }
        }
        return result;
    }

    private static PluginDefinition? ReadPlugin(ProjectReader r, PluginType type, YamlMappingNode map)
    {
        var name = r.RequiredName(map, $"a plugin under 'plugins.{type.YamlKey()}'");
        if (name is null)
        {
            return null;
        }
        return new PluginDefinition
        {
            Type = type,
            Name = name,
            Variant = r.Str(ProjectYaml.Get(map, "variant"), "variant"),
            PipUrl = r.Str(ProjectYaml.Get(map, "pip_url"), "pip_url"),
            Executable = r.Str(ProjectYaml.Get(map, "executable"), "executable"),
            Namespace = r.Str(ProjectYaml.Get(map, "namespace"), "namespace"),
            InheritFrom = r.Str(ProjectYaml.Get(map, "inherit_from"), "inherit_from"),
            Config = r.Map(ProjectYaml.Get(map, "config"), $"{name}.config") ?? new Dictionary<string, object?>(),
            Settings = ReadSettings(r, ProjectYaml.Get(map, "settings"), name),
            Select = ProjectYaml.Get(map, "select") is { } sel ? r.StrList(sel, $"{name}.select") : null,
            Metadata = r.Map(ProjectYaml.Get(map, "metadata"), $"{name}.metadata"),
            Schema = r.Map(ProjectYaml.Get(map, "schema"), $"{name}.schema"),
            Capabilities = r.StrList(ProjectYaml.Get(map, "capabilities"), $"{name}.capabilities"),
            Catalog = r.Str(ProjectYaml.Get(map, "catalog"), "catalog"),
            State = r.Str(ProjectYaml.Get(map, "state"), "state"),
            LoadSchema = r.Str(ProjectYaml.Get(map, "load_schema"), "load_schema"),
            SelectFilter = ProjectYaml.Get(map, "select_filter") is { } sf ? r.StrList(sf, $"{name}.select_filter") : null,
            Commands = ReadCommands(r, ProjectYaml.Get(map, "commands"), name),
            Requires = r.Map(ProjectYaml.Get(map, "requires"), $"{name}.requires"),
            Env = r.EnvMap(ProjectYaml.Get(map, "env"), $"{name}.env"),
            Mappings = ReadMappings(r, ProjectYaml.Get(map, "mappings"), name),
            Extras = r.Extras(map, PluginKeys),
            Location = r.At(map),
        };
    }

    private static List<SettingDefinition> ReadSettings(ProjectReader r, YamlNode? node, string plugin)
    {
        var result = new List<SettingDefinition>();
        foreach (var (name, item) in r.NamedItems(node, $"{plugin}.settings", $"a setting of plugin '{plugin}'"))
        {
            var kind = SettingKind.String;
            if (ProjectYaml.Get(item, "kind") is { } kindNode)
            {
                var kindText = r.Str(kindNode, "kind");
                if (kindText is not null && !SettingKinds.TryParse(kindText, out kind))
                {
                    r.Error(kindNode, $"plugin '{plugin}', setting '{name}': unknown kind '{kindText}' (expected one of {string.Join(", ", SettingKinds.Names)})");
                }
            }
            result.Add(new SettingDefinition
            {
                Name = name,
                Aliases = r.StrList(ProjectYaml.Get(item, "aliases"), $"{name}.aliases"),
                Kind = kind,
                Value = ProjectYaml.Get(item, "value") is { } v ? YamlValues.ToValue(v) : null,
                Env = r.Str(ProjectYaml.Get(item, "env"), "env"),
                Sensitive = r.Bool(ProjectYaml.Get(item, "sensitive"), "sensitive") ?? false,
                Options = r.Items(ProjectYaml.Get(item, "options"), $"{name}.options")
                    .Select(o => new SettingOption(r.Str(ProjectYaml.Get(o, "value"), "value") ?? "", r.Str(ProjectYaml.Get(o, "label"), "label")))
                    .ToList(),
                Label = r.Str(ProjectYaml.Get(item, "label"), "label"),
                Description = r.Str(ProjectYaml.Get(item, "description"), "description"),
                Extras = r.Extras(item, SettingKeys),
                Location = r.At(item),
            });
        }
        return result;
    }

    private static Dictionary<string, PluginCommand> ReadCommands(ProjectReader r, YamlNode? node, string plugin)
    {
        var result = new Dictionary<string, PluginCommand>(StringComparer.Ordinal);
        var map = node as YamlMappingNode;
        if (node is not null && map is null)
        {
            r.Map(node, $"{plugin}.commands");
            return result;
        }
        foreach (var (key, value, _) in map is null ? [] : r.Entries(map))
        {
            if (value is YamlMappingNode cmd)
            {
                result[key] = new PluginCommand(key, r.Str(ProjectYaml.Get(cmd, "args"), "args") ?? "",
                    r.Str(ProjectYaml.Get(cmd, "executable"), "executable"), r.Str(ProjectYaml.Get(cmd, "description"), "description"));
            }
            else
            {
                result[key] = new PluginCommand(key, r.Str(value, $"commands.{key}") ?? "", null, null);
            }
        }
        return result;
    }

    private static List<MappingDefinition> ReadMappings(ProjectReader r, YamlNode? node, string plugin) =>
        r.NamedItems(node, $"{plugin}.mappings", $"a mapping of '{plugin}'")
            .Select(m => new MappingDefinition(m.Name, r.Map(ProjectYaml.Get(m.Map, "config"), "config") ?? new Dictionary<string, object?>(), r.At(m.Map)))
            .ToList();
}
