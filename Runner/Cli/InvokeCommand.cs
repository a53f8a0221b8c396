using System.CommandLine;
using System.Runtime.InteropServices;
using Tapline.Core.Pipelines;
using Tapline.Core.Pipelines.Runs;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline invoke PLUGIN[:COMMAND] [ARGS...]</c>: runs one plugin with its config (and, for a
/// tap, its catalog) prepared as Meltano does, with the terminal's stdio; the child's exit code
/// passes through.
/// </summary>
public static class InvokeCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("plugin") { Description = "PLUGIN or PLUGIN:COMMAND" };
        var rest = new Argument<string[]>("args") { Description = "Arguments passed to the plugin", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("invoke", "Invoke a plugin or one of its commands") { target, rest };
        command.TreatUnmatchedTokensAsErrors = false;
        CliAction.Set(command, async (parse, ct) =>
        {
            var ctx = CliGlobals.OpenProject(parse);
            var text = parse.GetValue(target)!;
            var colon = text.IndexOf(':');
            var plugin = ctx.FindPlugin(colon < 0 ? text : text[..colon]);
            string[] args = [.. parse.GetValue(rest) ?? [], .. parse.UnmatchedTokens];
            var grace = TimeSpan.FromSeconds(10);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // The child shares the terminal and gets a Ctrl-C itself; a SIGTERM is passed on through the token.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });

            if (colon >= 0)
            {
                var process = PipelineExecutor.CommandProcess(ctx, plugin, text[(colon + 1)..], args);
                return await RunAsync(process, grace, stop.Token);
            }

            // A plain invoke of a Singer plugin gets its config file (and a tap its catalog), as in Meltano.
            var settings = ctx.ResolvePluginSettings(plugin);
            var env = PipelineExecutor.PluginEnvironment(ctx, plugin, settings);
            await using var invocation = await new PluginInvocationPreparer().PrepareAsync(
                new PluginInvocationRequest(ctx.Root, ProjectPluginSpec.For(ctx, plugin), settings.ToJson(unsafeOutput: true), env), stop.Token);
            var singer = plugin.Type is PluginType.Extractors or PluginType.Loaders or PluginType.Mappers;
            IReadOnlyList<string> fullArgs = singer ? [.. invocation.Args, .. args] : args;
            var proc = new PluginProcess(plugin.Name, invocation.Executable, fullArgs, env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), ctx.Root);
            return await RunAsync(proc, grace, stop.Token);
        });
        return command;
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
