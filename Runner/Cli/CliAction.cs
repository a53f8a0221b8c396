using System.CommandLine;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>Runs a verb's body and turns the domain's errors into a message on stderr and exit code 1.</summary>
public static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (UsageException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                await Console.Error.WriteLineAsync("Run 'tapline --help' for usage.");
                return CliExit.Usage;
            }
            catch (Exception ex) when (ex is ProjectException or SettingsException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return CliExit.Error;
            }
        });

    public static void Set(Command command, Func<ParseResult, int> body) =>
        Set(command, (parse, _) => Task.FromResult(body(parse)));
}
