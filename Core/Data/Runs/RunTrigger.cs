namespace Tapline.Core.Data.Runs;

/// <summary>What asked for a run; stored lowercase.</summary>
public enum RunTrigger
{
    Cli,
    Schedule,
    Api,
}
