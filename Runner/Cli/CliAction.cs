using System.CommandLine;

namespace Tapline.Runner.Cli;

/// <summary>
/// Runs a verb's body and turns every failure into one line on stderr and exit code 1 (2 for usage);
/// the stack trace only with <c>--log-level debug</c>, since it says nothing a data engineer can act on.
/// </summary>
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
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                await Console.Error.WriteLineAsync($"error: {OneLine(ex)}");
                if (parse.GetValue(CliGlobals.LogLevel) == "debug")
                {
                    await Console.Error.WriteLineAsync(ex.ToString());
                }
                return CliExit.Error;
            }
        });

    public static void Set(Command command, Func<ParseResult, int> body) =>
        Set(command, (parse, _) => Task.FromResult(body(parse)));

    /// <summary>The exception's message on one line (a wrapped exception's own message is the useful part).</summary>
    private static string OneLine(Exception ex)
    {
        var message = ex is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0].Message : ex.Message;
        return string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
