namespace Tapline.Core.Singer;

/// <summary>A plugin printed a line longer than <c>elt.buffer_size</c>.</summary>
public sealed class LineTooLongException(long lineNumber, long length, int limit)
    : Exception($"line {lineNumber} is longer than elt.buffer_size ({limit} bytes): at least {length} bytes")
{
    public long LineNumber { get; } = lineNumber;

    public long Length { get; } = length;

    public int Limit { get; } = limit;
}
