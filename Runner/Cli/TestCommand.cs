using System.CommandLine;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline test [--all] [PLUGIN[:TEST]...]</c>: runs plugins' test commands (commands whose name starts with
/// "test"), reports each as success or failure and exits 1 when any failed, as Meltano's test.
/// </summary>
public static class TestCommand
{
    private const int LineLength = 60;

    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Run every test of every plugin" };
        var tests = new Argument<string[]>("PLUGIN_TESTS") { Description = "PLUGIN (all its tests) or PLUGIN:TEST", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("test", "Run validations using plugins' tests") { all, tests };
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var selected = new List<(PluginDefinition Plugin, string Test)>();
            void Select(PluginDefinition plugin, string test)
            {
                if (!selected.Contains((plugin, test)))
                {
                    selected.Add((plugin, test));
                }
            }
            if (parse.GetValue(all))
            {
                foreach (var plugin in ctx.Project.Plugins)
                {
                    foreach (var test in TestsOf(plugin))
                    {
                        Select(plugin, test);
                    }
                }
            }
            foreach (var text in parse.GetValue(tests) ?? [])
            {
                var colon = text.IndexOf(':');
                var plugin = ctx.FindPlugin(colon < 0 ? text : text[..colon]);
                var available = TestsOf(plugin).ToList();
                if (colon < 0)
                {
                    available.ForEach(t => Select(plugin, t));
                    continue;
                }
                var name = text[(colon + 1)..];
                if (!available.Contains(name))
                {
                    throw new ProjectException($"{plugin.Type.Singular()} '{plugin.Name}' has no test '{name}'"
                        + (available.Count == 0 ? " (it defines no test commands)" : $" (tests: {string.Join(", ", available)})"));
                }
                Select(plugin, name);
            }

            var results = new List<(string Name, int ExitCode)>();
            foreach (var (plugin, test) in selected)
            {
                SeparatorLine($"{plugin.Name}:{test}", "=");
                var process = PipelineExecutor.CommandProcess(ctx, plugin, test, []);
                int exit;
                try
                {
                    exit = await CommandRunner.RunInheritedAsync(process, TimeSpan.FromSeconds(10), ct);
                }
                catch (PluginStartException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    exit = CliExit.Error;
                }
                results.Add(($"{plugin.Name}:{test}", exit));
            }
            Console.WriteLine();
            foreach (var (name, exit) in results)
            {
                Console.WriteLine($"{name.PadRight(LineLength, '.')} {(exit == 0 ? "success" : "failure")}");
            }
            var failed = results.Count(r => r.ExitCode != 0);
            SeparatorLine($"Testing completed {(failed == 0 ? "successfully" : "with failures")}. {results.Count - failed} test(s) successful. {failed} test(s) failed.", "=");
            return failed == 0 ? CliExit.Ok : CliExit.Error;
        });
        return command;
    }

    /// <summary>Meltano's test commands: a plugin's commands whose name starts with "test".</summary>
    private static IEnumerable<string> TestsOf(PluginDefinition plugin) =>
        plugin.EffectiveCommands.Keys.Where(k => k.StartsWith("test", StringComparison.Ordinal));

    /// <summary>A title centred in a line of <paramref name="sepChar"/> as wide as the terminal, as Meltano prints it.</summary>
    private static void SeparatorLine(string title, string sepChar)
    {
        var width = Console.IsOutputRedirected ? 80 : Math.Max(Console.WindowWidth, 20);
        var count = Math.Max((width - title.Length - 2) / (2 * sepChar.Length), 1);
        var fill = string.Concat(Enumerable.Repeat(sepChar, count));
        var line = $"\n{fill} {title} {fill}";
        Console.WriteLine(line.Length + sepChar.TrimEnd().Length <= width ? line + sepChar.TrimEnd() : line);
    }
}
