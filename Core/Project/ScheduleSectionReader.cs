using YamlDotNet.RepresentationModel;

namespace Tapline.Core.Project;

/// <summary><c>schedules:</c>: Meltano's keys, and Tapline's own under <c>annotations.tapline</c> (an old top-level spelling warned about).</summary>
internal static class ScheduleSectionReader
{
    private static readonly HashSet<string> ScheduleKeys =
        ["name", "interval", "extractor", "loader", "transform", "job", "start_date", "env", "enabled"];

    public static List<ScheduleDefinition> Read(ProjectReader r, YamlNode? node)
    {
        var result = new List<ScheduleDefinition>();
        foreach (var (name, item) in r.NamedItems(node, "schedules", "a schedule"))
        {
            var extras = r.Extras(item, ScheduleKeys);
            var enabledNode = ProjectYaml.Get(item, "enabled");
            foreach (var key in ScheduleDefinition.TaplineKeys)
            {
                if (ProjectYaml.Get(item, key) is { } oldSpelling)
                {
                    r.Warn(oldSpelling, $"schedule '{name}': '{key}' belongs under 'annotations: {{{ScheduleDefinition.AnnotationKey}: {{{key}: ...}}}}' (Meltano's schema refuses it here)");
                }
            }
            if (ProjectYaml.Get(item, "annotations") is YamlMappingNode annotations && ProjectYaml.Get(annotations, ScheduleDefinition.AnnotationKey) is { } own)
            {
                if (own is YamlMappingNode ownMap)
                {
                    // The annotation wins over an old spelling of the same key.
                    foreach (var (key, value, _) in r.Entries(ownMap))
                    {
                        extras[key] = YamlValues.ToValue(value);
                    }
                    enabledNode = ProjectYaml.Get(ownMap, "enabled") ?? enabledNode;
                }
                else
                {
                    r.Map(own, $"schedule {name}.annotations.{ScheduleDefinition.AnnotationKey}");
                }
            }
            extras.Remove("enabled");
            result.Add(new ScheduleDefinition
            {
                Name = name,
                Interval = r.Str(ProjectYaml.Get(item, "interval"), "interval"),
                Extractor = r.Str(ProjectYaml.Get(item, "extractor"), "extractor"),
                Loader = r.Str(ProjectYaml.Get(item, "loader"), "loader"),
                Transform = r.Str(ProjectYaml.Get(item, "transform"), "transform"),
                Job = r.Str(ProjectYaml.Get(item, "job"), "job"),
                StartDate = r.Str(ProjectYaml.Get(item, "start_date"), "start_date"),
                Enabled = r.Bool(enabledNode, "enabled") ?? true,
                Env = r.EnvMap(ProjectYaml.Get(item, "env"), $"schedule {name}.env"),
                Extras = extras,
                Location = r.At(item),
            });
        }
        return result;
    }
}
