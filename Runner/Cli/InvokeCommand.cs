using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline invoke [--print-var V]... [--dump catalog|config] [--list-commands] [--plugin-type T] PLUGIN[:COMMAND] [ARGS...]</c>:
/// runs one plugin with its config (and, for a tap, its catalog) prepared as Meltano does, with the terminal's
/// stdio; the child's exit code passes through. Everything after PLUGIN is the plugin's, never Tapline's.
/// </summary>
public static class InvokeCommand
{
    private static readonly HashSet<string> OptionsWithValue = ["--print-var", "--plugin-type", "--dump", "--cwd", "--environment", "--log-level", "--log-format"];

    public static Command Create()
    {
        var target = new Argument<string>("plugin") { Description = "PLUGIN or PLUGIN:COMMAND" };
        var rest = new Argument<string[]>("args") { Description = "Arguments passed to the plugin", Arity = ArgumentArity.ZeroOrMore };
        var printVar = new Option<string[]>("--print-var") { Description = "Print VAR=value of these variables of the plugin's environment, then invoke" };
        var pluginType = new Option<string?>("--plugin-type") { Description = "The plugin's type, when several types have a plugin of this name" };
        var dump = new Option<string?>("--dump") { Description = "Print the prepared catalog or config file instead of invoking" };
        dump.AcceptOnlyFromAmong("catalog", "config");
        var listCommands = new Option<bool>("--list-commands") { Description = "List the plugin's commands" };
        var command = new Command("invoke", "Invoke a plugin or one of its commands")
        {
            target, rest, printVar, pluginType, dump, listCommands, RunCommand.RefreshCatalog,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var text = parse.GetValue(target)!;
            var colon = text.IndexOf(':');
            var commandName = colon < 0 ? null : text[(colon + 1)..];
            var plugin = ctx.FindPlugin(colon < 0 ? text : text[..colon], ParseType(parse.GetValue(pluginType)));
            if (parse.GetValue(listCommands))
            {
                ListCommands(plugin);
                return CliExit.Ok;
            }
            string[] args = parse.GetValue(rest) ?? [];
            var grace = TimeSpan.FromSeconds(10);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // The child shares the terminal and gets a Ctrl-C itself; a SIGTERM is passed on through the token.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });

            if (commandName is not null && parse.GetValue(dump) is null)
            {
                var process = PipelineExecutor.CommandProcess(ctx, plugin, commandName, args);
                PrintVars(parse.GetValue(printVar), process.Env);
                return await RunAsync(process, grace, stop.Token);
            }

            // A plain invoke gets its config file (and a tap its catalog), as in Meltano.
            await using var prepared = await PreparedPlugin.PrepareAsync(ctx, plugin, parse.GetValue(RunCommand.RefreshCatalog), stop.Token);
            var env = prepared.Env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
            PrintVars(parse.GetValue(printVar), env);
            if (parse.GetValue(dump) is { } what)
            {
                return await DumpAsync(plugin, prepared.Invocation, what, stop.Token);
            }
            var singer = plugin.Type is PluginType.Extractors or PluginType.Loaders or PluginType.Mappers;
            IReadOnlyList<string> fullArgs = singer ? [.. prepared.Invocation.Args, .. args] : args;
            return await RunAsync(new PluginProcess(plugin.Name, prepared.Invocation.Executable, fullArgs, env, ctx.Root), grace, stop.Token);
        });
        return command;
    }

    /// <summary>--print-var: VAR=value per name from the plugin's environment, as Meltano's (an unset one prints None).</summary>
    private static void PrintVars(string[]? names, IReadOnlyDictionary<string, string?> env)
    {
        foreach (var name in names ?? [])
        {
            Console.WriteLine($"{name}={env.GetValueOrDefault(name) ?? "None"}");
        }
    }

    /// <summary>
    /// Meltano stops reading its own options at the plugin's name (click's allow_interspersed_args=False):
    /// <c>invoke tap-x --help</c> is the tap's help. This marks the end of Tapline's options with "--" right after
    /// the plugin's name, so the parser hands every later token to the plugin.
    /// </summary>
    public static string[] ProtectPluginArgs(string[] args)
    {
        var i = SkipOptions(args, 0);
        if (i >= args.Length || args[i] != "invoke")
        {
            return args;
        }
        var plugin = SkipOptions(args, i + 1);
        if (plugin >= args.Length || args[plugin] == "--")
        {
            return args;
        }
        return [.. args[..(plugin + 1)], "--", .. args[(plugin + 1)..]];
    }

    /// <summary>The index of the first token at or after <paramref name="start"/> that is not an option or an option's value.</summary>
    private static int SkipOptions(string[] args, int start)
    {
        var i = start;
        while (i < args.Length && args[i].StartsWith('-') && args[i] != "--")
        {
            i += OptionsWithValue.Contains(args[i]) ? 2 : 1;
        }
        return i;
    }

    private static PluginType? ParseType(string? text)
    {
        if (text is null)
        {
            return null;
        }
        return PluginTypes.TryParse(text, out var type) ? type : throw new UsageException($"'{text}' is not a plugin type ({string.Join(", ", PluginTypes.All.Select(t => t.YamlKey()))})");
    }

    private static void ListCommands(PluginDefinition plugin)
    {
        var commands = plugin.EffectiveCommands;
        if (commands.Count == 0)
        {
            Console.WriteLine($"Plugin '{plugin.Name}' does not define any commands.");
            return;
        }
        var names = commands.Values.Select(c => (Name: $"{plugin.Name}:{c.Name}", c.Description)).ToList();
        var width = names.Max(n => n.Name.Length) + 2;
        foreach (var (name, description) in names)
        {
            Console.WriteLine($"{name.PadRight(width)}{description}");
        }
    }

    private static async Task<int> DumpAsync(PluginDefinition plugin, PluginInvocation invocation, string what, CancellationToken ct)
    {
        var path = what == "catalog"
            ? invocation.CatalogPath
            : invocation.Args.SkipWhile(a => a != "--config").Skip(1).FirstOrDefault() ?? invocation.FilesToClean.FirstOrDefault();
        if (path is null || !File.Exists(path))
        {
            throw new ProjectException($"Could not find {what} of {plugin.Type.Singular()} '{plugin.Name}'");
        }
        var text = await File.ReadAllTextAsync(path, ct);
        // Meltano prints the file as it wrote it (indented JSON); Tapline's files are compact, so indent them for the reader.
        Console.WriteLine(JsonNode.Parse(text)?.ToJsonString(CliJson.Indented) ?? text);
        return CliExit.Ok;
    }

    private static async Task<int> RunAsync(PluginProcess process, TimeSpan grace, CancellationToken ct)
    {
        try
        {
            return await CommandRunner.RunInheritedAsync(process, grace, ct);
        }
        catch (PluginStartException e)
        {
            throw new ProjectException(e.Message);
        }
    }
}
