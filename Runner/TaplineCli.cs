using System.CommandLine;
using Tapline.Runner.Cli;

namespace Tapline.Runner;

/// <summary>Entry point of the `tapline` command line (Meltano's verbs). Exit codes: 0 ok, 1 error, 2 usage.</summary>
public static class TaplineCli
{
    /// <summary>Every verb, one line each: a verb lives in Runner/Cli/&lt;Verb&gt;Command.cs with a static Create().</summary>
    private static readonly Func<Command>[] Verbs =
    [
        InitCommand.Create,
        ConfigCommand.Create,
        EnvironmentCommand.Create,
        ScheduleCommand.Create,
        JobCommand.Create,
        LintCommand.Create,
        CompileCommand.Create,
        SelectCommand.Create,
        TestCommand.Create,
        LockCommand.Create,
        AddCommand.Create,
        RemoveCommand.Create,
        RunCommand.Create,
        EltCommand.Create,
        EltCommand.CreateEl,
        InvokeCommand.Create,
        InstallCommand.Create,
        StateCommand.Create,
        UserCommand.Create,
        UiCommand.Create,
        NotifyCommand.Create,
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("tapline: run Meltano projects in production (Singer taps and targets, schedules, state).");
        CliGlobals.AddTo(root);
        foreach (var verb in Verbs)
        {
            root.Add(verb());
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // The worker is a long-running host with its own (ASP.NET) arguments; hand them over untouched.
        if (args.Length > 0 && args[0] == "worker")
        {
            return await WorkerHost.RunAsync(args[1..], services => services.AddSingleton<Core.Data.Runs.IRunExecutor, Worker.PipelineRunExecutor>());
        }
        // Meltano's intervals start with '@' (@daily): they are values, never response files.
        args = InvokeCommand.ProtectPluginArgs(args);
        var parse = Build().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            await Console.Error.WriteLineAsync("Run 'tapline --help' for usage.");
            return CliExit.Usage;
        }
        using var cts = new CancellationTokenSource();
        // Verbs that run plugins handle SIGINT/SIGTERM themselves (stop the children, exit 143).
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cts.Token);
    }
}
