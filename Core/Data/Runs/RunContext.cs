using Tapline.Core.Data.State;

namespace Tapline.Core.Data.Runs;

/// <summary>What the Runner hands an executor besides the run row: who runs it and where state and progress go.</summary>
public sealed record RunContext(string WorkerId, StateStore State, RunQueue Queue);
