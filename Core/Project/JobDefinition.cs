namespace Tapline.Core.Project;

/// <summary>An entry of <c>jobs:</c>. Tasks may be one string, a list of strings, or a list of lists.</summary>
public sealed class JobDefinition
{
    public required string Name { get; init; }
    /// <summary>Each task is a run block: one or more space-separated plugin (or plugin:command / mapping) names.</summary>
    public IReadOnlyList<JobTask> Tasks { get; init; } = [];
    public IReadOnlyDictionary<string, object?> Extras { get; init; } = new Dictionary<string, object?>();
    public required SourceLocation Location { get; init; }
}

/// <summary>One task: a single string, or a list of strings run as one block (Meltano's nested task lists).</summary>
public sealed record JobTask(IReadOnlyList<string> Parts, bool IsList)
{
    /// <summary>Every space-separated step in the task.</summary>
    public IEnumerable<string> Steps => Parts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public override string ToString() => string.Join(" ", Parts);
}
