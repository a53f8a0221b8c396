namespace Tapline.Core.Data.Runs;

/// <summary>A run was started directly (CLI) while another run of the same state_id is running.</summary>
public sealed class StateIdBusyException(string stateId)
    : Exception($"Another run of state_id '{stateId}' is already running; wait for it, or cancel it first.")
{
    public string StateId { get; } = stateId;
}
