namespace Tapline.Runner.Worker;

/// <summary>Who claims runs: <c>host:pid</c> by default, so a row names the process to look for.</summary>
public sealed record WorkerIdentity(string Id)
{
    public static WorkerIdentity ForThisProcess() => new($"{Environment.MachineName}:{Environment.ProcessId}");

    public override string ToString() => Id;
}
