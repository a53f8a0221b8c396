using System.CommandLine;
using Tapline.Core.Plugins;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline install [TYPE] [NAME...] [--clean] [-p N]</c>, as Meltano's: every plugin of the project, of one
/// type, or the named ones, each into its own venv from its <c>pip_url</c>. Exits 1 naming every plugin that failed.
/// </summary>
public static class InstallCommand
{
    private static readonly Argument<string[]> Names = new("NAME")
    {
        Description = "Plugin type (extractor(s), loader(s), ...) and/or plugin names; none: every plugin",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private static readonly Option<bool> Clean = new("--clean") { Description = "Delete each plugin's venv and build it again" };
    private static readonly Option<int> Parallelism = new("--parallelism", "-p") { Description = "Plugins installed at once (default: the number of cores)" };

    public static Command Create()
    {
        var command = new Command("install", "Install the project's plugins (a Python venv per plugin with a pip_url)") { Names, Clean, Parallelism };
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var plugins = Select(ctx, parse.GetValue(Names) ?? []);
            var specs = plugins.Select(p => ProjectPluginSpec.For(ctx, p)).ToList();
            if (specs.Count == 0)
            {
                Console.WriteLine("No plugins to install.");
                return CliExit.Ok;
            }
            Console.WriteLine($"Installing {specs.Count} plugin{(specs.Count == 1 ? "" : "s")}...");
            var options = new PluginInstallOptions(ctx.Root, parse.GetValue(Clean), parse.GetValue(Parallelism));
            var results = await new PluginInstaller().InstallAsync(specs, options, new ConsoleProgress(), ct);
            return Summarize(results);
        });
        return command;
    }

    /// <summary>Installs these plugins of the project as `install` does (for `add`), with its summary and exit code.</summary>
    internal static async Task<int> InstallAsync(ProjectContext ctx, IReadOnlyList<PluginDefinition> plugins, CancellationToken ct)
    {
        var specs = plugins.Select(p => ProjectPluginSpec.For(ctx, p)).ToList();
        var results = await new PluginInstaller().InstallAsync(specs, new PluginInstallOptions(ctx.Root), new ConsoleProgress(), ct);
        return Summarize(results);
    }

    /// <summary>Meltano's selection: nothing = all; a leading type narrows to that type; names pick plugins.</summary>
    private static List<PluginDefinition> Select(ProjectContext ctx, string[] args)
    {
        PluginType? type = null;
        var names = args;
        if (args.Length > 0 && PluginTypes.TryParse(args[0], out var parsed))
        {
            type = parsed;
            names = args[1..];
        }
        if (names.Length == 0)
        {
            return ctx.Project.Plugins.Where(p => type is null || p.Type == type).ToList();
        }
        var unknown = names.Where(n => !ctx.Project.Plugins.Any(p => p.Name == n && (type is null || p.Type == type))).ToList();
        if (unknown.Count > 0)
        {
            var where = type is null ? "" : $" among the {type.Value.YamlKey()}";
            throw new ProjectException($"{string.Join(", ", unknown.Select(n => $"'{n}'"))}: no such plugin{where} in {ctx.Project.File}" +
                $" (plugins: {string.Join(", ", ctx.Project.Plugins.Select(p => p.Name))})");
        }
        return names.Distinct().SelectMany(n => ctx.Project.Plugins.Where(p => p.Name == n && (type is null || p.Type == type))).ToList();
    }

    private static int Summarize(IReadOnlyList<PluginInstallResult> results)
    {
        var installed = results.Count(r => r.Outcome == PluginInstallStage.Succeeded);
        var skipped = results.Count(r => r.Outcome == PluginInstallStage.Skipped);
        var failed = results.Where(r => r.Outcome == PluginInstallStage.Failed).ToList();
        var needed = results.Count - skipped;
        Console.WriteLine(needed == 0 && skipped > 0
            ? $"Skipped installing {skipped}/{results.Count} plugins (nothing to install: no pip_url)"
            : $"Installed {installed}/{needed} plugins" + (skipped > 0 ? $", skipped {skipped} without pip_url" : ""));
        if (failed.Count == 0)
        {
            return CliExit.Ok;
        }
        Console.Error.WriteLine($"error: failed to install {failed.Count} plugin{(failed.Count == 1 ? "" : "s")}: " +
            string.Join(", ", failed.Select(f => $"{f.Plugin.SingularType} '{f.Plugin.Name}'")));
        foreach (var f in failed)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine(f.Error?.Message ?? $"{f.Plugin.SingularType} '{f.Plugin.Name}' failed");
        }
        return CliExit.Error;
    }

    /// <summary>Prints each step as it happens; Progress&lt;T&gt; would post to the pool and reorder or lose the last lines.</summary>
    private sealed class ConsoleProgress : IProgress<PluginInstallProgress>
    {
        private readonly Lock _gate = new();

        public void Report(PluginInstallProgress value)
        {
            var who = $"{value.Plugin.SingularType} '{value.Plugin.Name}'";
            var line = value.Stage switch
            {
                PluginInstallStage.Started => $"Installing {who}...",
                PluginInstallStage.CreatingVenv => $"Creating the virtual environment of {who} in {value.Message}...",
                PluginInstallStage.Installing => $"Running pip install for {who}...",
                PluginInstallStage.Skipped => $"Skipped installing {who}: {value.Message}",
                PluginInstallStage.Succeeded => $"Installed {who}",
                PluginInstallStage.Failed => $"Failed to install {who}",
                _ => null,
            };
            if (line is null)
            {
                return;
            }
            lock (_gate)
            {
                Console.WriteLine(line);
            }
        }
    }
}
