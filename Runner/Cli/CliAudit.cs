using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Audit;

namespace Tapline.Runner.Cli;

/// <summary>
/// The audit rows of CLI changes (config set, schedule add/set, state set/clear, user add): actor = the OS user,
/// source cli. Written only when the system database already exists (a verb that needs no database never creates one
/// for its audit row); a failure to write is a warning, the change itself already happened. <paramref name="after"/> is
/// JSON (no reflection on tapline's path): a JsonObject, or AuditRedaction.ToNode with a source-generated type.
/// </summary>
public static class CliAudit
{
    public static async Task WriteAsync(ParseResult parse, string action, string? target, JsonNode? after, CancellationToken ct)
    {
        try
        {
            var context = CliGlobals.OpenProject(parse);
            if (!CliDatabase.Exists(context))
            {
                return;
            }
            var database = await CliDatabase.OpenAsync(context, ct);
            await new AuditLog(database).WriteJsonAsync(new AuditEntry(Environment.UserName, AuditEntry.FromCli, action, AuditEntry.Ok)
            {
                Target = target,
                After = after,
                // The verb only: arguments may carry a secret (config set ... password VALUE).
                Request = "tapline " + string.Join(' ', Verbs(parse.CommandResult)),
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"warning: the audit log row for {action} could not be written: {e.Message}");
        }
    }

    private static IEnumerable<string> Verbs(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(r.Command.Name);
        }
        return names;
    }
}
