namespace Tapline.Core.Data.State;

/// <summary>One saved version of a state_id's state; <see cref="RunId"/> is null for manual edits, which name their <see cref="Actor"/>.</summary>
public sealed class StateHistoryRecord
{
    public long Id { get; set; }
    public required string StateId { get; set; }
    public Guid? RunId { get; set; }
    public string? Completed { get; set; }
    public string? Partial { get; set; }
    public DateTime SavedAt { get; set; }

    /// <summary>Who made a manual edit (a user name, or <c>cli:</c> and the OS user); null for a run's save. At most 256 characters (the model's HasMaxLength).</summary>
    public string? Actor { get; set; }

    /// <summary>Why, as the editor wrote it; at most 1,000 characters.</summary>
    public string? Reason { get; set; }
}
