namespace Tapline.Core.Singer;

/// <summary>Meltano's <c>--state-strategy</c>: auto (default), merge (<c>--merge-state</c>), overwrite.</summary>
public enum StateStrategy
{
    Auto,
    Merge,
    Overwrite,
}

/// <summary>Meltano's <c>StateStrategy.from_cli_args</c>.</summary>
public static class StateStrategyArgs
{
    /// <exception cref="ArgumentException">Both flags given: "Cannot use both --merge-state and --state-strategy".</exception>
    public static StateStrategy FromCliArgs(bool mergeState, StateStrategy stateStrategy)
    {
        if (mergeState && stateStrategy != StateStrategy.Auto)
        {
            throw new ArgumentException("Cannot use both --merge-state and --state-strategy");
        }

        return mergeState ? StateStrategy.Merge : stateStrategy;
    }
}
