using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Project;
using Tapline.Core.Singer;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline select EXTRACTOR [ENTITY [ATTRIBUTE]] [--exclude] [--rm]</c> edits the extractor's <c>select:</c>
/// patterns (the plugin's root, or an explicitly named environment's entry); <c>--list [--all]</c> and <c>--json</c>
/// show what the discovered catalog selects; <c>--clear</c> drops every pattern. As Meltano's select.
/// </summary>
public static class SelectCommand
{
    /// <summary>Meltano's selection names, in its legend's order (the enum's order).</summary>
    private static readonly SelectionType[] Legend = [SelectionType.Selected, SelectionType.Excluded, SelectionType.Automatic, SelectionType.Unsupported];

    public static Command Create()
    {
        var extractor = new Argument<string>("EXTRACTOR");
        var entity = new Argument<string>("ENTITIES_FILTER") { DefaultValueFactory = _ => "*" };
        var attribute = new Argument<string>("ATTRIBUTES_FILTER") { DefaultValueFactory = _ => "*" };
        var list = new Option<bool>("--list") { Description = "List the selected properties of the discovered catalog" };
        var json = new Option<bool>("--json") { Description = "List them as JSON" };
        var all = new Option<bool>("--all") { Description = "With --list: every property, selected or not" };
        var remove = new Option<bool>("--rm", "--remove") { Description = "Remove a pattern added before" };
        var exclude = new Option<bool>("--exclude") { Description = "Exclude what the pattern matches (a '!' pattern)" };
        var clear = new Option<bool>("--clear") { Description = "Remove every select pattern of the extractor" };
        var command = new Command("select", "Manage an extractor's select patterns")
        {
            extractor, entity, attribute, list, json, all, remove, exclude, clear, RunCommand.RefreshCatalog,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var plugin = ctx.FindPlugin(parse.GetValue(extractor)!, PluginType.Extractors);
            var environment = ctx.Environment?.Name;
            if (parse.GetValue(clear))
            {
                await ProjectFile.EditAsync(ctx.Root, doc => doc.UnsetPluginConfig(plugin.Type, plugin.Name, "_select", environment), cancellationToken: ct);
                return CliExit.Ok;
            }
            if (parse.GetValue(list) || parse.GetValue(json))
            {
                return await ShowAsync(ctx, plugin, parse.GetValue(json), parse.GetValue(all), parse.GetValue(RunCommand.RefreshCatalog), ct);
            }
            var pattern = $"{(parse.GetValue(exclude) ? "!" : "")}{parse.GetValue(entity)}.{parse.GetValue(attribute)}";
            var current = CurrentPatterns(ctx, plugin, environment);
            if (parse.GetValue(remove))
            {
                if (!current.Remove(pattern))
                {
                    throw new ProjectException($"'{pattern}' is not a select pattern of extractor '{plugin.Name}'" + (environment is null ? "" : $" in environment '{environment}'"));
                }
            }
            else
            {
                current.Add(pattern);
            }
            await ProjectFile.EditAsync(ctx.Root, doc => doc.SetPluginSelect(plugin.Type, plugin.Name, current, environment), cancellationToken: ct);
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>The patterns written where this edit goes: the plugin's root, or the environment's entry for it.</summary>
    private static List<string> CurrentPatterns(ProjectContext ctx, PluginDefinition plugin, string? environment)
    {
        var written = environment is null
            ? plugin.Select
            : ctx.Environment?.FindPlugin(plugin.Type, plugin.Name)?.Extras.GetValueOrDefault("select") is IEnumerable<object?> list
                ? list.Select(v => v?.ToString() ?? "").ToList()
                : null;
        return [.. written ?? []];
    }

    private static async Task<int> ShowAsync(ProjectContext ctx, PluginDefinition plugin, bool json, bool all, bool refresh, CancellationToken ct)
    {
        var extras = PipelineExecutor.CatalogExtrasOf(ctx.ResolvePluginSettings(plugin), new RunOptions());
        JsonNode catalog;
        await using (var prepared = await PreparedPlugin.PrepareAsync(ctx, plugin, refresh, ct))
        {
            var invocation = prepared.Invocation;
            if (invocation.CatalogPath is null || !File.Exists(invocation.CatalogPath))
            {
                throw new ProjectException($"Cannot list the selected properties: extractor '{plugin.Name}' produced no catalog");
            }
            catalog = JsonNode.Parse(await File.ReadAllTextAsync(invocation.CatalogPath, ct))
                ?? throw new ProjectException($"Cannot list the selected properties: the catalog of '{plugin.Name}' is empty");
        }
        var selection = CatalogSelection.Of(catalog);
        var rows = new List<(string Stream, string Property, SelectionType Stream_, SelectionType Entry)>();
        foreach (var (stream, streamSelection) in selection.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var (property, propertySelection) in selection.Properties.GetValueOrDefault(stream, []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var entry = propertySelection.Within(streamSelection);
                if (all || entry.IsIncluded())
                {
                    rows.Add((stream, property, streamSelection, entry));
                }
            }
        }
        if (json)
        {
            Console.WriteLine(new JsonObject
            {
                ["enabled_patterns"] = new JsonArray([.. extras.Select.Select(p => (JsonNode?)p)]),
                ["streams"] = new JsonArray([.. rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["stream"] = r.Stream,
                    ["property"] = r.Property,
                    ["selection"] = Name(r.Entry),
                })]),
            }.ToJsonString(CliJson.Indented));
            return CliExit.Ok;
        }
        Console.WriteLine("Legend:");
        foreach (var type in Legend)
        {
            Console.WriteLine($"\t{Name(type)}");
        }
        Console.WriteLine("\nEnabled patterns:");
        foreach (var pattern in extras.Select)
        {
            Console.WriteLine($"\t{pattern}");
        }
        Console.WriteLine("\nSelected properties:");
        var width = Legend.Max(t => Name(t).Length);
        foreach (var r in rows)
        {
            Console.WriteLine($"\t[{Name(r.Entry).PadRight(width)}] {r.Stream}.{r.Property}");
        }
        return CliExit.Ok;
    }

    private static string Name(SelectionType type) => type.ToString().ToLowerInvariant();
}
