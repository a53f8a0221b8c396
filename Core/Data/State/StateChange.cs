namespace Tapline.Core.Data.State;

/// <summary>Who changed a state by hand and why; kept on the state history entry the change writes.</summary>
public sealed record StateChange(string Actor, string? Reason)
{
    /// <summary>An actor for the CLI: the operating system user, so the history says who ran the command.</summary>
    public static StateChange FromCli(string? reason) => new($"cli:{Environment.UserName}", reason);
}
