using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary><c>environments:</c>: each environment's plugin overrides, <c>env:</c> and <c>state_id_suffix</c>.</summary>
internal static class EnvironmentSectionReader
{
    public static List<EnvironmentDefinition> Read(ProjectReader r, YamlNode? node)
    {
        var result = new List<EnvironmentDefinition>();
        foreach (var (name, item) in r.NamedItems(node, "environments", "an environment"))
        {
            var plugins = new List<EnvironmentPluginConfig>();
            var extras = r.Extras(item, ["name", "config", "env", "state_id_suffix"]);
            if (ProjectYaml.Get(item, "config") is YamlMappingNode config)
            {
                foreach (var (key, value, keyNode) in r.Entries(config))
                {
                    if (key != "plugins")
                    {
                        extras[$"config.{key}"] = YamlValues.ToValue(value);
                        continue;
                    }
                    foreach (var p in PluginSectionReader.Read(r, value))
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
            else if (ProjectYaml.Get(item, "config") is { } bad)
            {
                r.Map(bad, $"environment {name}.config");
            }
            result.Add(new EnvironmentDefinition
            {
                Name = name,
                Plugins = plugins,
                Env = r.EnvMap(ProjectYaml.Get(item, "env"), $"environment {name}.env"),
                StateIdSuffix = r.Str(ProjectYaml.Get(item, "state_id_suffix"), "state_id_suffix"),
                Extras = extras,
                Location = r.At(item),
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
}
