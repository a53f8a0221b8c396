using System.Reflection;
using System.Security.Claims;
using System.Text;
using FluentValidation;
using Mediator;
using Tapline.Api.Errors;
using Tapline.Core.Audit;

namespace Tapline.Api.Audit;

/// <summary>
/// Writes an audit row for every command the Api sends (queries are not changes), whatever its outcome: the outermost
/// pipeline behavior, so a command refused by validation or by its handler is recorded too. A command added later is
/// covered without a line of its own; <c>AuditCoverageTests</c> checks every write endpoint reaches one.
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(AuditLog audit, AuditScope scope, IHttpContextAccessor http, ILogger<AuditLog> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand || AuditNames.NotChanges.Contains(typeof(TMessage)))
        {
            return await next(message, cancellationToken);
        }
        string outcome;
        try
        {
            var response = await next(message, cancellationToken);
            outcome = AuditEntry.Ok;
            await WriteAsync(message, outcome);
            return response;
        }
        catch (ApiProblem problem)
        {
            outcome = $"{(problem.Status is 401 or 403 or 429 ? "denied" : "failed")}: {problem.Status} {problem.Message}";
            await WriteAsync(message, outcome);
            throw;
        }
        catch (ValidationException invalid)
        {
            outcome = $"rejected: {string.Join("; ", invalid.Errors.Select(e => e.ErrorMessage))}";
            await WriteAsync(message, outcome);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = $"failed: {e.GetType().Name}";
            await WriteAsync(message, outcome);
            throw;
        }
    }

    private async Task WriteAsync(TMessage message, string outcome)
    {
        var context = http.HttpContext;
        var actor = context?.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name
            : message is IAuditActor { AuditActor: { Length: > 0 } claimed } ? claimed
            : "anonymous";
        try
        {
            await audit.WriteAsync(new AuditEntry(actor, AuditEntry.FromApi, AuditNames.Action(typeof(TMessage)), outcome)
            {
                Target = scope.Target ?? AuditNames.Target(message),
                Before = scope.Before,
                After = scope.After ?? message,
                SourceIp = context?.Connection.RemoteIpAddress?.ToString(),
                Request = context is null ? null : $"{context.Request.Method} {context.Request.Path}",
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change stands either way; a lost audit row is logged loudly rather than turning success into a 500.
            logger.LogError("Audit row for {Action} by {Actor} could not be written: {Error}", AuditNames.Action(typeof(TMessage)), actor, e.Message);
        }
    }
}

/// <summary>Lets a command name who acts when no one is signed in yet (sign-in names the account tried).</summary>
public interface IAuditActor
{
    string AuditActor { get; }
}

/// <summary>
/// What a handler may add to its audit row (scoped per request): the state before the change, the state after, a
/// clearer target. Left empty, the row holds the command itself (secrets redacted).
/// </summary>
public sealed class AuditScope
{
    public string? Target { get; set; }
    public object? Before { get; set; }
    public object? After { get; set; }
}

internal static class AuditNames
{
    /// <summary>Commands that change nothing a person decided: a token refresh is the session renewing itself.</summary>
    public static readonly IReadOnlySet<Type> NotChanges = new HashSet<Type> { typeof(Auth.RefreshCommand) };

    private static readonly string[] TargetWords = ["Name", "Id", "StateId", "Schedule", "Job", "Setting", "Type", "Plugin", "Channel", "Username"];

    /// <summary><c>SaveScheduleCommand</c> -> <c>save_schedule</c>.</summary>
    public static string Action(Type command)
    {
        var name = command.Name.EndsWith("Command", StringComparison.Ordinal) ? command.Name[..^"Command".Length] : command.Name;
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }

    /// <summary>The identifying fields of a command (<c>Name=daily Id=4</c>), never a secret.</summary>
    public static string? Target(object command)
    {
        var parts = command.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => TargetWords.Any(w => p.Name.EndsWith(w, StringComparison.Ordinal)) && !AuditRedaction.IsSecretName(p.Name))
            .Select(p => (p.Name, Value: p.GetValue(command)))
            .Where(p => p.Value is string or long or int or Guid)
            .Select(p => $"{p.Name}={p.Value}")
            .ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }
}
