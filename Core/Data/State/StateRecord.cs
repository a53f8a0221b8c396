using System.ComponentModel.DataAnnotations.Schema;

namespace Tapline.Core.Data.State;

/// <summary>One row of <c>state</c>: Meltano's job state, completed and partial, as JSON text.</summary>
public sealed class StateRecord
{
    public required string StateId { get; set; }
    public string? Completed { get; set; }
    public string? Partial { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Whether partial state is kept beside completed (the store writes none when it is empty; older rows may hold <c>{}</c>).</summary>
    [NotMapped]
    public bool HasPartial => !string.IsNullOrWhiteSpace(Partial) && Partial.Trim() is not ("{}" or "null");
}
