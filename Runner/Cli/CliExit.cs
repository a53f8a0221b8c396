namespace Tapline.Runner.Cli;

/// <summary>Exit codes of every verb (as Meltano's: 1 failure, 2 usage).</summary>
public static class CliExit
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int Usage = 2;
}
