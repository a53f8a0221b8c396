using Tapline.Core.Project;

namespace Tapline.Core.Pipelines.Blocks;

/// <summary>One step of a <c>tapline run</c>: an extract-load block or a plugin command.</summary>
public abstract record PipelineStep
{
    /// <summary>The step as the user writes it in a block or job task.</summary>
    public abstract string Text { get; }
}

/// <summary>A mapper in a block, named by one of its mappings (Meltano runs the mapper with that mapping's config).</summary>
public sealed record MapperStep(PluginDefinition Mapper, MappingDefinition? Mapping)
{
    public string Name => Mapping?.Name ?? Mapper.Name;
}

/// <summary><c>tap [mapping ...] target</c>.</summary>
public sealed record ExtractLoadStep(PluginDefinition Extractor, IReadOnlyList<MapperStep> Mappers, PluginDefinition Loader) : PipelineStep
{
    public override string Text => string.Join(' ', [Extractor.Name, .. Mappers.Select(m => m.Name), Loader.Name]);
}

/// <summary><c>plugin:command</c> (from the plugin's <c>commands:</c>), or a bare utility invoked with no arguments.</summary>
public sealed record CommandStep(PluginDefinition Plugin, string? CommandName) : PipelineStep
{
    public override string Text => CommandName is null ? Plugin.Name : $"{Plugin.Name}:{CommandName}";
}
