namespace Tapline.Api.Runs;

/// <summary>Records (and bytes, when the Runner counted them) piped for one stream.</summary>
public sealed record StreamCount(string Stream, long Records, long? Bytes);
