namespace Tapline.Core.Data.State;

/// <summary>One saved version of a state_id's state; <see cref="RunId"/> is null for manual edits.</summary>
public sealed class StateHistoryRecord
{
    public long Id { get; set; }
    public required string StateId { get; set; }
    public Guid? RunId { get; set; }
    public string? Completed { get; set; }
    public string? Partial { get; set; }
    public DateTime SavedAt { get; set; }
}
