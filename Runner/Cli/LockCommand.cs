using System.CommandLine;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline lock [--all] [--update] [--plugin-type TYPE] [PLUGIN...]</c>: writes each Hub plugin's lock file from
/// Meltano Hub (custom and inherited plugins have none); an existing lock file is kept unless <c>--update</c>.
/// </summary>
public static class LockCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("PLUGIN_NAME") { Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Lock every plugin (the default without names; Meltano 3's flag)" };
        var update = new Option<bool>("--update", "-u") { Description = "Overwrite existing lock files" };
        var pluginType = new Option<string?>("--plugin-type") { Description = "Only plugins of this type" };
        var command = new Command("lock", "Lock plugin definitions from Meltano Hub") { names, all, update, pluginType };
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var wanted = parse.GetValue(names) ?? [];
            PluginType? type = null;
            if (parse.GetValue(pluginType) is { } text)
            {
                type = PluginTypes.TryParse(text, out var t) ? t : throw new UsageException($"unknown plugin type '{text}'");
            }
            var plugins = ctx.Project.Plugins
                .Where(p => (wanted.Length == 0 || wanted.Contains(p.Name)) && (type is null || p.Type == type))
                .ToList();
            if (plugins.Count == 0)
            {
                throw new ProjectException("No matching plugin(s) found");
            }
            using var hub = new MeltanoHub(ctx);
            await Console.Error.WriteLineAsync($"Locking {plugins.Count} plugin(s)...");
            foreach (var plugin in plugins)
            {
                var descriptor = $"{plugin.Type.Singular()} {plugin.Name}";
                if (plugin.InheritFrom is not null)
                {
                    await Console.Error.WriteLineAsync($"{Capital(descriptor)} is an inherited plugin");
                    continue;
                }
                if (plugin.Namespace is not null && plugin.Variant is null)
                {
                    await Console.Error.WriteLineAsync($"{Capital(descriptor)} is a custom plugin");
                    continue;
                }
                var definition = await hub.FindAsync(plugin.Type, plugin.Name, plugin.Variant, ct);
                var (written, path) = await LockFile.WriteAsync(ctx.Root, plugin.Type, plugin.Name, definition, parse.GetValue(update), ct);
                await Console.Error.WriteLineAsync(written
                    ? $"Locked definition for {descriptor}"
                    : $"Lockfile exists for {descriptor} at {Path.GetRelativePath(ctx.Root, path)}");
            }
            return CliExit.Ok;
        });
        return command;
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
