namespace Tapline.Core.Pipelines;

/// <summary>One extract-load block: extractor, zero or more mappers, loader, plus run options.</summary>
public sealed record BlockSpec(
    PluginProcess Extractor,
    IReadOnlyList<PluginProcess> Mappers,
    PluginProcess Loader,
    BlockOptions Options)
{
    /// <summary>The processes in pipe order: extractor, mappers..., loader.</summary>
    public IReadOnlyList<PluginProcess> Chain => [Extractor, .. Mappers, Loader];
}
