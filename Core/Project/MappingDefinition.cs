namespace Tapline.Core.Project;

/// <summary>A mapper's named mapping (<c>mappings: [{name, config}]</c>), usable as a step in a run.</summary>
public sealed record MappingDefinition(string Name, IReadOnlyDictionary<string, object?> Config, SourceLocation Location);
