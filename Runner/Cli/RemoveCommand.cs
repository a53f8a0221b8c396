using System.CommandLine;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline remove [TYPE] NAME... [--plugin-type TYPE]</c>, as Meltano's: takes each plugin out of meltano.yml,
/// deletes its installation under <c>.meltano/&lt;type&gt;/&lt;name&gt;</c> and its lock file, saying what it removed where.
/// </summary>
public static class RemoveCommand
{
    public static Command Create()
    {
        var plugins = new Argument<string[]>("PLUGIN") { Arity = ArgumentArity.OneOrMore, Description = "[TYPE] NAME..." };
        var pluginType = new Option<string?>("--plugin-type") { Description = "The plugins' type (else the first argument, else inferred from the name)" };
        var command = new Command("remove", "Remove plugins from the project") { plugins, pluginType };
        CliAction.Set(command, async (parse, ct) =>
        {
            var (type, names) = PluginArguments.Parse(parse.GetValue(plugins)!, parse.GetValue(pluginType));
            var ctx = CliGlobals.OpenProject(parse);
            var fullyRemoved = 0;
            foreach (var name in names)
            {
                var descriptor = $"{PluginArguments.Descriptor(type)} '{name}'";
                await Console.Error.WriteLineAsync($"Removing {descriptor}...");
                // An inheriting plugin's lock file is its parent's: only a plugin's own lock file goes with it.
                var plugin = ctx.Project.FindPlugin(name, type);
                var lockPath = plugin is { InheritFrom: null } ? PluginLockFile.Find(ctx.Root, plugin) : null;
                var removed = false;
                await ProjectFile.EditAsync(ctx.Root, doc => removed = doc.RemovePlugin(type, name), cancellationToken: ct);
                await Console.Error.WriteLineAsync(removed ? $"Removed {descriptor} from meltano.yml" : $"Could not find {descriptor} in meltano.yml to remove");
                var installed = Path.Combine(PluginPaths.SystemDir(ctx.Root), type.YamlKey(), name);
                if (Directory.Exists(installed))
                {
                    Directory.Delete(installed, recursive: true);
                    await Console.Error.WriteLineAsync($"Removed {descriptor} from .meltano/{type.YamlKey()}");
                }
                else
                {
                    await Console.Error.WriteLineAsync($"Could not find {descriptor} in .meltano/{type.YamlKey()} to remove");
                }
                if (lockPath is not null && File.Exists(lockPath))
                {
                    File.Delete(lockPath);
                    await Console.Error.WriteLineAsync($"Removed {descriptor} from plugins/{type.YamlKey()}");
                }
                fullyRemoved += removed ? 1 : 0;
            }
            if (names.Count > 1)
            {
                await Console.Error.WriteLineAsync($"Fully removed {fullyRemoved}/{names.Count} plugins");
            }
            // As Meltano: what could not be found is a warning, not a failure.
            return CliExit.Ok;
        });
        return command;
    }
}
