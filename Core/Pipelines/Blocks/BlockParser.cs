using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Blocks;

/// <summary>
/// Meltano's block parser: job names expand to their tasks; an extractor opens a block that
/// takes mappings (or mappers) until a loader closes it; <c>plugin:command</c> is a command step.
/// </summary>
public static class BlockParser
{
    public static IReadOnlyList<PipelineStep> Parse(MeltanoProject project, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            throw new BlockParseException("nothing to run: name a block (tap [mapping ...] target), a plugin:command or a job");
        }

        var steps = new List<PipelineStep>();
        PluginDefinition? extractor = null;
        var mappers = new List<MapperStep>();
        foreach (var name in Expand(project, names, []))
        {
            if (name.Contains(':'))
            {
                RequireNoOpenBlock(extractor, name);
                steps.Add(ParseCommand(project, name));
                continue;
            }

            if (project.FindMapperOfMapping(name) is { } mapperOfMapping)
            {
                RequireOpenBlock(extractor, name, "mapping");
                mappers.Add(new MapperStep(mapperOfMapping, mapperOfMapping.Mappings.First(m => m.Name == name)));
                continue;
            }

            var plugin = FindSinglePlugin(project, name);
            switch (plugin.Type)
            {
                case PluginType.Extractors:
                    RequireNoOpenBlock(extractor, name);
                    extractor = plugin;
                    break;
                case PluginType.Mappers:
                    RequireOpenBlock(extractor, name, "mapper");
                    mappers.Add(new MapperStep(plugin, null));
                    break;
                case PluginType.Loaders:
                    if (extractor is null)
                    {
                        throw new BlockParseException($"loader '{name}' has no extractor before it: a block is 'extractor [mapping ...] loader'");
                    }
                    steps.Add(new ExtractLoadStep(extractor, mappers.ToList(), plugin));
                    extractor = null;
                    mappers.Clear();
                    break;
                default:
                    RequireNoOpenBlock(extractor, name);
                    steps.Add(new CommandStep(plugin, null));
                    break;
            }
        }

        if (extractor is not null)
        {
            throw new BlockParseException($"block starting at extractor '{extractor.Name}' has no loader: a block is 'extractor [mapping ...] loader'");
        }
        return steps;
    }

    /// <summary>Job names become their tasks' steps (recursively, refusing cycles); other names pass through.</summary>
    private static IEnumerable<string> Expand(MeltanoProject project, IEnumerable<string> names, HashSet<string> expanding)
    {
        foreach (var raw in names)
        {
            foreach (var name in raw.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (project.FindPlugin(name) is null && project.FindMapperOfMapping(name) is null && project.FindJob(name) is { } job)
                {
                    if (!expanding.Add(name))
                    {
                        throw new BlockParseException($"job '{name}' includes itself");
                    }
                    foreach (var step in Expand(project, job.Tasks.SelectMany(t => t.Steps), expanding))
                    {
                        yield return step;
                    }
                    expanding.Remove(name);
                }
                else
                {
                    yield return name;
                }
            }
        }
    }

    private static CommandStep ParseCommand(MeltanoProject project, string text)
    {
        var colon = text.IndexOf(':');
        var (pluginName, commandName) = (text[..colon], text[(colon + 1)..]);
        var plugin = FindSinglePlugin(project, pluginName);
        if (!plugin.EffectiveCommands.ContainsKey(commandName))
        {
            var known = plugin.EffectiveCommands.Keys.ToList();
            throw new BlockParseException($"plugin '{pluginName}' has no command '{commandName}'" +
                (known.Count == 0 ? " (it defines no commands:)" : $" (commands: {string.Join(", ", known)})"));
        }
        return new CommandStep(plugin, commandName);
    }

    private static PluginDefinition FindSinglePlugin(MeltanoProject project, string name)
    {
        var matches = project.Plugins.Where(p => p.Name == name).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new BlockParseException($"'{name}' is neither a plugin, a mapping nor a job in {project.File}"),
            // An extractor and a loader may share a name in odd projects; the block position decides in Meltano, we refuse.
            _ => throw new BlockParseException($"'{name}' names several plugins ({string.Join(", ", matches.Select(m => m.Type.YamlKey()))}); rename one"),
        };
    }

    private static void RequireOpenBlock(PluginDefinition? extractor, string name, string what)
    {
        if (extractor is null)
        {
            throw new BlockParseException($"{what} '{name}' has no extractor before it: a block is 'extractor [mapping ...] loader'");
        }
    }

    private static void RequireNoOpenBlock(PluginDefinition? extractor, string name)
    {
        if (extractor is not null)
        {
            throw new BlockParseException($"block starting at extractor '{extractor.Name}' is not closed by a loader before '{name}'");
        }
    }
}
