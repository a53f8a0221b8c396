using System.Text;
using System.Text.Json;

namespace Tapline.Core.Singer;

/// <summary>Result of <see cref="LineClassifier.Classify"/>; the stream is a slice of the input unless it had escapes.</summary>
public readonly record struct LineClass(LineKind Kind, int StreamStart, int StreamLength, byte[]? UnescapedStream)
{
    public ReadOnlySpan<byte> Stream(ReadOnlySpan<byte> line) =>
        UnescapedStream ?? line.Slice(StreamStart, StreamLength);
}

/// <summary>
/// Finds a Singer line's <c>type</c> and <c>stream</c> from its first bytes. Taps nearly always put
/// them first, so a byte compare settles most lines; any other key order goes through
/// <see cref="Utf8JsonReader"/>, skipping values that are neither.
/// </summary>
public static class LineClassifier
{
    private static ReadOnlySpan<byte> CompactRecord => "{\"type\":\"RECORD\",\"stream\":\""u8;

    private static ReadOnlySpan<byte> SpacedRecord => "{\"type\": \"RECORD\", \"stream\": \""u8;

    /// <param name="data">The line without its newline, or only its first bytes.</param>
    /// <param name="complete">True when <paramref name="data"/> is the whole line.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static LineClass Classify(ReadOnlySpan<byte> data, bool complete)
    {
        if (TryFastRecord(data, CompactRecord, out var fast) || TryFastRecord(data, SpacedRecord, out fast))
        {
            return fast;
        }

        return ClassifyWithReader(data, complete);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryFastRecord(ReadOnlySpan<byte> data, ReadOnlySpan<byte> prefix, out LineClass result)
    {
        result = default;
        if (!data.StartsWith(prefix))
        {
            return false;
        }

        var rest = data[prefix.Length..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[end] != (byte)'"')
        {
            return false;
        }

        result = new LineClass(LineKind.Record, prefix.Length, end, null);
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static LineClass ClassifyWithReader(ReadOnlySpan<byte> data, bool complete)
    {
        var undecided = new LineClass(complete ? LineKind.NotJson : LineKind.Undecided, 0, 0, null);
        if (data.Trim(" \t\r"u8).IsEmpty)
        {
            return complete ? new LineClass(LineKind.Blank, 0, 0, null) : undecided;
        }

        var reader = new Utf8JsonReader(data, isFinalBlock: complete, state: default);
        try
        {
            if (!reader.Read())
            {
                return undecided;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new LineClass(LineKind.NotJson, 0, 0, null);
            }

            bool? isRecord = null;
            LineClass? stream = null;
            while (true)
            {
                if (!reader.Read())
                {
                    return undecided;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    // A RECORD without a stream is counted under "" rather than dropped.
                    return isRecord == true
                        ? stream ?? new LineClass(LineKind.Record, 0, 0, [])
                        : new LineClass(LineKind.OtherMessage, 0, 0, null);
                }

                var isType = reader.ValueTextEquals("type"u8);
                var isStream = !isType && reader.ValueTextEquals("stream"u8);
                if (!reader.Read())
                {
                    return undecided;
                }

                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    isRecord = reader.ValueTextEquals("RECORD"u8);
                }
                else if (isStream && reader.TokenType == JsonTokenType.String)
                {
                    stream = reader.ValueIsEscaped
                        ? new LineClass(LineKind.Record, 0, 0, Encoding.UTF8.GetBytes(reader.GetString()!))
                        : new LineClass(LineKind.Record, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, null);
                }
                else if (!reader.TrySkip())
                {
                    return undecided;
                }

                if (isRecord == false)
                {
                    return new LineClass(LineKind.OtherMessage, 0, 0, null);
                }

                if (isRecord == true && stream is not null)
                {
                    return stream.Value;
                }
            }
        }
        catch (JsonException)
        {
            return new LineClass(LineKind.NotJson, 0, 0, null);
        }
    }
}
