namespace Tapline.Core.Pipelines;

/// <summary>
/// A plugin printed a line on stdout that is not a Singer message. The loader would fail on it
/// with an error that names neither the plugin nor the line, so the run fails here as the
/// producer's fault.
/// </summary>
internal sealed class NotJsonLineException(long lineNumber, string preview)
    : Exception($"line {lineNumber} is not JSON: {preview}")
{
    public long LineNumber { get; } = lineNumber;

    /// <summary>The line's start, control bytes escaped.</summary>
    public string Preview { get; } = preview;
}
