using System.Buffers;

namespace Tapline.Core.Singer;

/// <summary>Called for a line that is not JSON; <paramref name="preview"/> is its start.</summary>
public delegate void NonJsonLineHandler(long lineNumber, ReadOnlySpan<byte> preview);

/// <summary>
/// Watches the bytes piped from one plugin to the next, chunk by chunk, without copying them:
/// counts lines, RECORDs and bytes per stream, enforces the line limit, reports non-JSON lines.
/// A line split across chunks keeps only a short prefix unless that prefix cannot settle its
/// type, the rare case where the whole line is kept for a real JSON reader.
/// </summary>
public sealed class LineScanner(int maxLineLength, NonJsonLineHandler? onNonJson = null)
{
    private const int PrefixLength = 4096;
    private const int PreviewLength = 200;

    private byte[] carry = [];
    private int carryLength;
    private long pendingLength;
    private bool prefixTried;
    private LineKind settledKind;
    private byte[]? settledStream;
    private long progress;
    private int lastOtherMessage;

    public StreamTally Streams { get; } = new();

    /// <summary>Lines seen so far, a final line without newline included after <see cref="Complete"/>.</summary>
    public long Lines { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>
    /// Singer messages that show progress, readable from another thread (the stall watchdog): every
    /// RECORD, and every other message unlike the one before it, so a tap repeating the same STATE
    /// as a keep-alive does not count. Blank and non-JSON lines never count.
    /// </summary>
    public long Progress => Volatile.Read(ref progress);

    /// <exception cref="LineTooLongException">The current line passed the limit.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Scan(ReadOnlySpan<byte> chunk)
    {
        Bytes += chunk.Length;
        while (true)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AppendPending(chunk);
                return;
            }

            var segment = chunk[..newline];
            if (pendingLength == 0)
            {
                CheckLength(segment.Length);
                var cls = LineClassifier.Classify(segment, complete: true);
                Count(cls.Kind, cls.Kind == LineKind.Record ? cls.Stream(segment) : default, segment.Length + 1, segment);
            }
            else
            {
                AppendPending(segment);
                FinishPending(pendingLength + 1);
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    /// <summary>End of input: a last line without a newline still counts.</summary>
    public void Complete()
    {
        if (pendingLength > 0)
        {
            FinishPending(pendingLength);
        }
    }

    private void AppendPending(ReadOnlySpan<byte> segment)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        pendingLength += segment.Length;
        CheckLength(pendingLength);
        if (settledKind != LineKind.Undecided)
        {
            return;
        }

        var keep = segment;
        if (carryLength + keep.Length > carry.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(carryLength + keep.Length, carry.Length * 2));
            carry.AsSpan(0, carryLength).CopyTo(grown);
            Return();
            carry = grown;
        }

        keep.CopyTo(carry.AsSpan(carryLength));
        carryLength += keep.Length;

        if (!prefixTried && carryLength >= PrefixLength)
        {
            prefixTried = true;
            var cls = LineClassifier.Classify(carry.AsSpan(0, carryLength), complete: false);
            if (cls.Kind != LineKind.Undecided)
            {
                settledKind = cls.Kind;
                settledStream = cls.Kind == LineKind.Record ? cls.Stream(carry.AsSpan(0, carryLength)).ToArray() : null;
            }
        }
    }

    private void FinishPending(long lineBytes)
    {
        var data = carry.AsSpan(0, carryLength);
        if (settledKind != LineKind.Undecided)
        {
            Count(settledKind, settledStream, lineBytes, data);
        }
        else
        {
            var cls = LineClassifier.Classify(data, complete: true);
            Count(cls.Kind, cls.Kind == LineKind.Record ? cls.Stream(data) : default, lineBytes, data);
        }

        Return();
        carry = [];
        carryLength = 0;
        pendingLength = 0;
        prefixTried = false;
        settledKind = LineKind.Undecided;
        settledStream = null;
    }

    private void Count(LineKind kind, ReadOnlySpan<byte> stream, long lineBytes, ReadOnlySpan<byte> line)
    {
        Lines++;
        if (kind == LineKind.Record)
        {
            Streams.Add(stream, lineBytes);
            Volatile.Write(ref progress, progress + 1);
        }
        else if (kind == LineKind.OtherMessage)
        {
            var hash = new HashCode();
            hash.AddBytes(line);
            var current = hash.ToHashCode();
            if (current != lastOtherMessage)
            {
                lastOtherMessage = current;
                Volatile.Write(ref progress, progress + 1);
            }
        }
        else if (kind == LineKind.NotJson)
        {
            onNonJson?.Invoke(Lines, line[..Math.Min(line.Length, PreviewLength)]);
        }
    }

    private void CheckLength(long length)
    {
        if (length > maxLineLength)
        {
            throw new LineTooLongException(Lines + 1, length, maxLineLength);
        }
    }

    private void Return()
    {
        if (carry.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(carry);
        }
    }
}
