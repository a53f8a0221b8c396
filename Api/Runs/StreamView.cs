namespace Tapline.Api.Runs;

/// <summary>Records and bytes piped for one stream (bytes null on rows written before they were kept).</summary>
public sealed record StreamView(string Stream, long Records, long? Bytes);
